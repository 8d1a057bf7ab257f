package socialcrm

import (
	"context"
	"regexp"
	"time"
)

// Team is a group of agents with a supervisor, who is told when a case of
// one of its members misses a target. Its members are the users that list
// the team's ID in their Teams.
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Supervisor is the user ID of the team's supervisor; "" for none.
	Supervisor string `json:"supervisor,omitempty"`
	// Calendar names the team's business hours among the SLA calendars;
	// "" for none.
	Calendar  string    `json:"calendar,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

var teamID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Validate checks a team before it is stored; the error names the field.
func (t *Team) Validate() error {
	switch {
	case t == nil:
		return Invalidf("team: nil")
	case !teamID.MatchString(t.ID):
		return Invalidf("team %q: id: want 1 to 64 letters, digits, '.', '_' or '-'", t.ID)
	case t.Name == "" || len(t.Name) > 200:
		return Invalidf("team %q: name: want 1 to 200 bytes", t.ID)
	case len(t.Supervisor) > MaxIDBytes:
		return Invalidf("team %q: supervisor: want at most %d bytes", t.ID, MaxIDBytes)
	case len(t.Calendar) > MaxLabelBytes:
		return Invalidf("team %q: calendar: want at most %d bytes", t.ID, MaxLabelBytes)
	}
	return nil
}

// TeamStore keeps teams.
type TeamStore interface {
	// SaveTeam upserts a team by ID; a zero CreatedAt keeps the stored
	// one. Returns ErrInvalid when it does not pass Validate.
	SaveTeam(ctx context.Context, t *Team) error
	// FindTeamByID returns ErrNotFound if no team has that ID.
	FindTeamByID(ctx context.Context, id string) (*Team, error)
	// FindTeams returns every team, by ID.
	FindTeams(ctx context.Context) ([]*Team, error)
	// DeleteTeam returns ErrNotFound for an unknown id.
	DeleteTeam(ctx context.Context, id string) error
}
