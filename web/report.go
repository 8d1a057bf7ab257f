package web

// reportRoutes registers the reports.
func (s *Server) reportRoutes(mux *router) {}
