package web

import "net/http"

func (s *Server) sentimentRoutes(mux *http.ServeMux) {}
