package rules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// StateKey is where the tracking rules edited through the API are kept in
// the state store.
const StateKey = "tracking_rules"

// LoadStored returns the stored rules, or none when nothing is stored.
func LoadStored(ctx context.Context, st socialcrm.StateStore) ([]Rule, error) {
	b, err := st.GetState(ctx, StateKey)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rules: load: %w", err)
	}
	var rs []Rule
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("rules: stored rules: %w", err)
	}
	return rs, nil
}

// SaveStored checks the rules (an error names the bad rule and position
// and wraps ErrInvalid) and stores them, returning them compiled.
func SaveStored(ctx context.Context, st socialcrm.StateStore, rs []Rule) (*Set, error) {
	set, err := Compile(rs)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return nil, fmt.Errorf("rules: encode: %w", err)
	}
	if err := st.PutState(ctx, StateKey, b); err != nil {
		return nil, fmt.Errorf("rules: save: %w", err)
	}
	return set, nil
}
