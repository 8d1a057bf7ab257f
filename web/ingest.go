package web

import "net/http"

func (s *Server) ingestRoutes(mux *http.ServeMux) {}
