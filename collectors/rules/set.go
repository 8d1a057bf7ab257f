package rules

import (
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Rule is one brand's tracking rule as configured or stored.
type Rule struct {
	Brand string `json:"brand" yaml:"brand"`
	Name  string `json:"name,omitempty" yaml:"name,omitempty"` // defaults to the brand
	Query string `json:"query" yaml:"query"`
}

// Set is a list of compiled rules, tried in order.
type Set struct {
	rules   []Rule
	queries []*Query
}

// Compile parses every rule once. The error names each bad rule and the
// position in its query.
func Compile(rs []Rule) (*Set, error) {
	s := &Set{}
	var errs []error
	for i, r := range rs {
		if r.Brand == "" {
			errs = append(errs, socialcrm.Invalidf("rules: rule %d: missing brand", i+1))
			continue
		}
		if r.Name == "" {
			r.Name = r.Brand
		}
		q, err := Parse(r.Query)
		if err != nil {
			errs = append(errs, fmt.Errorf("rules: rule %q of brand %q: %w", r.Name, r.Brand, err))
			continue
		}
		s.rules, s.queries = append(s.rules, r), append(s.queries, q)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// Len returns the number of rules.
func (s *Set) Len() int { return len(s.rules) }

// Rules returns the rules with their queries parsed, in order.
func (s *Set) Rules() ([]Rule, []*Query) { return s.rules, s.queries }

// Match returns the first rule whose query matches m.
func (s *Set) Match(m *socialcrm.Mention) (Rule, bool) {
	if s == nil || len(s.rules) == 0 {
		return Rule{}, false
	}
	d := NewDoc(m)
	for i, q := range s.queries {
		if q.Match(d) {
			return s.rules[i], true
		}
	}
	return Rule{}, false
}

// MatchBrand returns the first rule of brand that matches m.
func (s *Set) MatchBrand(m *socialcrm.Mention, brand string) (Rule, bool) {
	if s == nil {
		return Rule{}, false
	}
	d := NewDoc(m)
	for i, q := range s.queries {
		if s.rules[i].Brand == brand && q.Match(d) {
			return s.rules[i], true
		}
	}
	return Rule{}, false
}
