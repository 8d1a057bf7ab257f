package web

import (
	"context"
	"errors"
	"time"

	"github.com/socialcrm/socialcrm"
)

// nameCases sets the ContactName of each view whose case has a contact,
// so that a case row names the person rather than an id. A contact that
// no longer exists leaves the name empty.
func (s *Server) nameCases(ctx context.Context, vs []caseView) error {
	names := map[string]string{}
	for i := range vs {
		id := vs[i].ContactID
		if id == "" {
			continue
		}
		name, ok := names[id]
		if !ok {
			c, err := s.Store.FindContactByID(ctx, id)
			switch {
			case err == nil:
				name = c.Name
			case !errors.Is(err, socialcrm.ErrNotFound):
				return err
			}
			names[id] = name
		}
		vs[i].ContactName = name
	}
	return nil
}

// viewCase is one case as the API shows it, named.
func (s *Server) viewCase(ctx context.Context, c *socialcrm.Case) (caseView, error) {
	vs := []caseView{{Case: c, Overdue: c.Overdue(time.Now())}}
	err := s.nameCases(ctx, vs)
	return vs[0], err
}
