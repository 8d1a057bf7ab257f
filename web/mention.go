package web

import "net/http"

func (s *Server) mentionRoutes(mux *http.ServeMux) {}
