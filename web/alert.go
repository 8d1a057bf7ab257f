package web

import "net/http"

func (s *Server) alertRoutes(mux *http.ServeMux) {}
