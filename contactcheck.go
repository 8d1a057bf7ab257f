package socialcrm

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Limits on the fields of a contact, in characters.
const (
	MaxIDLen       = 128
	MaxNameLen     = 200
	MaxEmailLen    = 254
	MaxPhoneLen    = 64
	MaxTitleLen    = 200
	MaxTagLen      = 64
	MaxTags        = 50
	MaxIdentities  = 20
	MaxNetworkLen  = 32
	MaxHandleLen   = 256
	MaxNativeIDLen = 128
)

// ValidID reports whether id may name a record: 1 to MaxIDLen letters,
// digits and ._:@- that does not start with a dot, so that it is safe in a
// URL path and a file name.
func ValidID(kind, id string) error {
	if id == "" {
		return Invalidf("%s id is required", kind)
	}
	if len(id) > MaxIDLen {
		return Invalidf("%s id is longer than %d characters", kind, MaxIDLen)
	}
	if id[0] == '.' {
		return Invalidf("%s id %q starts with a dot", kind, id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:@-", r)) {
			return Invalidf("%s id %q has %q (want letters, digits and ._:@-)", kind, id, r)
		}
	}
	return nil
}

// ValidEmail reports whether email is a bare address (no display name).
func ValidEmail(email string) error {
	if len(email) > MaxEmailLen {
		return Invalidf("email is longer than %d characters", MaxEmailLen)
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return Invalidf("email %q is not an address like name@example.com", email)
	}
	return nil
}

func maxLen(field, v string, limit int) error {
	if n := utf8.RuneCountInString(v); n > limit {
		return Invalidf("%s is %d characters long, at most %d allowed", field, n, limit)
	}
	return nil
}

// Validate reports the first reason c cannot be stored: its id, a missing
// name, email syntax, a field over its limit, or an incomplete identity.
// It does not check that the account exists; that needs a store.
func (c *Contact) Validate() error {
	if err := ValidID("contact", c.ID); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Invalidf("contact %q: name is required", c.ID)
	}
	if c.Email != "" {
		if err := ValidEmail(c.Email); err != nil {
			return fmt.Errorf("contact %q: %w", c.ID, err)
		}
	}
	if c.AccountID != "" {
		if err := ValidID("account", c.AccountID); err != nil {
			return fmt.Errorf("contact %q: %w", c.ID, err)
		}
	}
	for _, f := range []struct {
		name, v string
		limit   int
	}{{"name", c.Name, MaxNameLen}, {"phone", c.Phone, MaxPhoneLen}, {"title", c.Title, MaxTitleLen}} {
		if err := maxLen(f.name, f.v, f.limit); err != nil {
			return fmt.Errorf("contact %q: %w", c.ID, err)
		}
	}
	if err := checkCRMFields("contact", c.ID, c.Lifecycle, c.Owner, c.Tags); err != nil {
		return err
	}
	if len(c.Identities) > MaxIdentities {
		return Invalidf("contact %q: %d identities, at most %d allowed", c.ID, len(c.Identities), MaxIdentities)
	}
	for _, i := range c.Identities {
		if i.Network == "" || (strings.TrimPrefix(i.Handle, "@") == "" && i.NativeID == "") {
			return Invalidf("contact %q: identity needs network and handle or native_id", c.ID)
		}
		for _, f := range []struct {
			name, v string
			limit   int
		}{{"network", i.Network, MaxNetworkLen}, {"handle", i.Handle, MaxHandleLen}, {"native_id", i.NativeID, MaxNativeIDLen}} {
			if err := maxLen("identity "+f.name, f.v, f.limit); err != nil {
				return fmt.Errorf("contact %q: %w", c.ID, err)
			}
		}
	}
	return nil
}

// ContactPatch is a field-level update of a contact: nil fields keep their
// value, a present field (even empty) replaces it, null clears it.
type ContactPatch struct {
	Name       *string     `json:"name,omitempty"`
	Email      *string     `json:"email,omitempty"`
	Phone      *string     `json:"phone,omitempty"`
	Title      *string     `json:"title,omitempty"`
	AccountID  *string     `json:"account_id,omitempty"`
	Identities *[]Identity `json:"identities,omitempty"`
	Tags       *[]string   `json:"tags,omitempty"`
	Lifecycle  *string     `json:"lifecycle,omitempty"`
	Owner      *string     `json:"owner,omitempty"`
}

// Apply changes the fields of c that p has.
func (p ContactPatch) Apply(c *Contact) {
	for _, f := range []struct{ dst, src *string }{{&c.Name, p.Name}, {&c.Email, p.Email},
		{&c.Phone, p.Phone}, {&c.Title, p.Title}, {&c.AccountID, p.AccountID}, {&c.Lifecycle, p.Lifecycle}, {&c.Owner, p.Owner}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.Identities != nil {
		c.Identities = *p.Identities
	}
	if p.Tags != nil {
		c.Tags = *p.Tags
	}
}
