package socialcrm

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// decodePatch decodes a JSON object into v (a pointer to a struct of
// pointer fields), refusing unknown fields, and calls clear[key] for each
// key whose value is null, so that null clears a field while an absent
// key leaves it alone.
func decodePatch(b []byte, v any, clear map[string]func()) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for k, val := range raw {
		if string(val) != "null" {
			continue
		}
		f, ok := clear[k]
		if !ok {
			return fmt.Errorf("field %q cannot be null", k)
		}
		f()
	}
	return nil
}

func empty[T any](p **T) func() { return func() { var zero T; *p = &zero } }

// UnmarshalJSON reads a patch: absent fields stay nil, null clears.
func (p *ContactPatch) UnmarshalJSON(b []byte) error {
	type plain ContactPatch
	var q plain
	err := decodePatch(b, &q, map[string]func(){
		"name": empty(&q.Name), "email": empty(&q.Email), "phone": empty(&q.Phone), "title": empty(&q.Title),
		"account_id": empty(&q.AccountID), "identities": empty(&q.Identities), "tags": empty(&q.Tags),
		"lifecycle": empty(&q.Lifecycle), "owner": empty(&q.Owner),
	})
	*p = ContactPatch(q)
	return err
}

// AccountPatch is a field-level update of an account: nil fields keep
// their value, a present field replaces it, null clears it.
type AccountPatch struct {
	Name      *string   `json:"name,omitempty"`
	Domain    *string   `json:"domain,omitempty"`
	Tier      *string   `json:"tier,omitempty"`
	Value     *float64  `json:"value,omitempty"`
	Currency  *string   `json:"currency,omitempty"`
	Lifecycle *string   `json:"lifecycle,omitempty"`
	Owner     *string   `json:"owner,omitempty"`
	Tags      *[]string `json:"tags,omitempty"`
}

// UnmarshalJSON reads a patch: absent fields stay nil, null clears.
func (p *AccountPatch) UnmarshalJSON(b []byte) error {
	type plain AccountPatch
	var q plain
	err := decodePatch(b, &q, map[string]func(){
		"name": empty(&q.Name), "domain": empty(&q.Domain), "tier": empty(&q.Tier), "value": empty(&q.Value),
		"currency": empty(&q.Currency), "lifecycle": empty(&q.Lifecycle), "owner": empty(&q.Owner), "tags": empty(&q.Tags),
	})
	*p = AccountPatch(q)
	return err
}

// Apply changes the fields of a that p has.
func (p AccountPatch) Apply(a *Account) {
	for _, f := range []struct{ dst, src *string }{{&a.Name, p.Name}, {&a.Domain, p.Domain},
		{&a.Tier, p.Tier}, {&a.Currency, p.Currency}, {&a.Lifecycle, p.Lifecycle}, {&a.Owner, p.Owner}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.Value != nil {
		a.Value = *p.Value
	}
	if p.Tags != nil {
		a.Tags = *p.Tags
	}
}
