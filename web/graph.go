package web

import "net/http"

func (s *Server) graphRoutes(mux *http.ServeMux) {}
