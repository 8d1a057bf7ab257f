package socialcrm

import (
	"context"
	"strings"
	"time"
)

// Identity is a contact's account on one social network.
type Identity struct {
	Network  string `json:"network"`             // source name: mastodon, bluesky, x, reddit…
	Handle   string `json:"handle,omitempty"`    // as shown on the network, without "@"
	NativeID string `json:"native_id,omitempty"` // the network's own user id
}

// Key is the graph node key of the identity, see NodeKey.
func (i Identity) Key() string { return NodeKey(i.Network, i.Handle, i.NativeID) }

// HandleKey is the form of a handle that identities are unique by:
// lowercase, without a leading "@".
func HandleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }

// UniqueKeys returns the keys under which an identity is unique among
// contacts, in every store: its network with its handle key, and its
// network with its native ID.
func (i Identity) UniqueKeys() []string {
	var keys []string
	if h := HandleKey(i.Handle); h != "" {
		keys = append(keys, "h\x00"+i.Network+"\x00"+h)
	}
	if i.NativeID != "" {
		keys = append(keys, "n\x00"+i.Network+"\x00"+i.NativeID)
	}
	return keys
}

// Contact is a person in the CRM.
type Contact struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Email      string     `json:"email,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	Title      string     `json:"title,omitempty"`
	AccountID  string     `json:"account_id,omitempty"`
	Identities []Identity `json:"identities"`
	Tags       []string   `json:"tags,omitempty"`
	Lifecycle  string     `json:"lifecycle,omitempty"` // see LifecycleStages
	Owner      string     `json:"owner,omitempty"`     // a user ID
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// Account tiers, from most to least valuable.
const (
	TierPlatinum = "platinum"
	TierGold     = "gold"
	TierSilver   = "silver"
	TierBronze   = "bronze"
)

// Account is a customer organisation (or household) contacts belong to.
type Account struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Domain string  `json:"domain,omitempty"`
	Tier   string  `json:"tier,omitempty"`
	Value  float64 `json:"value"` // yearly value, in Currency
	// Currency is the ISO 4217 code of Value, upper case; empty means
	// DefaultCurrency (see ValueCurrency).
	Currency  string    `json:"currency,omitempty"`
	Lifecycle string    `json:"lifecycle,omitempty"` // see LifecycleStages
	Owner     string    `json:"owner,omitempty"`     // a user ID
	Tags      []string  `json:"tags,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ContactFilter selects contacts. Nil fields do not filter.
type ContactFilter struct {
	AccountID *string
	Query     *string // matches name, email or a handle, case-insensitive
	Offset    int
	Limit     int // 0 means the store's default (50); -1 means all
}

// ContactStore keeps contacts and accounts.
type ContactStore interface {
	// SaveContacts upserts contacts by ID, identities included. Returns
	// ErrConflict if an identity already belongs to another contact.
	SaveContacts(ctx context.Context, cs ...*Contact) error
	// FindContactByID returns ErrNotFound if no contact has that ID.
	FindContactByID(ctx context.Context, id string) (*Contact, error)
	// FindContacts returns matching contacts ordered by name and the total.
	FindContacts(ctx context.Context, f ContactFilter) ([]*Contact, int, error)
	// DeleteContact removes a contact and its identities (GDPR erasure).
	// Returns ErrNotFound if no contact has that ID.
	DeleteContact(ctx context.Context, id string) error
	// SaveAccounts upserts accounts by ID.
	SaveAccounts(ctx context.Context, as ...*Account) error
	// FindAccountByID returns ErrNotFound if no account has that ID.
	FindAccountByID(ctx context.Context, id string) (*Account, error)
	// FindAccounts returns all accounts ordered by value, highest first.
	FindAccounts(ctx context.Context) ([]*Account, error)
}
