package web

import "github.com/socialcrm/socialcrm"

// salesConfig is a pipeline and a rates table that replaced the Server's
// Stages and FX while it serves.
type salesConfig struct {
	stages socialcrm.Stages
	fx     *socialcrm.FXRates
}

// SetSales replaces the pipeline's stages and the exchange rates while
// the server runs (a reload of their files); requests that started keep
// the ones they read. nil fx knows no rate.
func (s *Server) SetSales(stages socialcrm.Stages, fx *socialcrm.FXRates) {
	s.sales.Store(&salesConfig{stages: stages, fx: fx})
}

// stages is the pipeline in force: SetSales's, else Stages.
func (s *Server) stages() socialcrm.Stages {
	if c := s.sales.Load(); c != nil {
		return c.stages
	}
	return s.Stages
}

// fx is the rates table in force: SetSales's, else FX.
func (s *Server) fx() *socialcrm.FXRates {
	if c := s.sales.Load(); c != nil {
		return c.fx
	}
	return s.FX
}
