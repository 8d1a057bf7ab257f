package web

import "net/http"

func (s *Server) contactRoutes(mux *http.ServeMux) {}
