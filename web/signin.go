package web

func (s *Server) signInRoutes(mux *router) {
	mux.handle("GET /signin", PermPublic, s.page("signin"))
}
