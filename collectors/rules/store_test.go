package rules

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/socialcrm/socialcrm"
)

type mapState map[string][]byte

func (m mapState) GetState(ctx context.Context, key string) ([]byte, error) {
	v, ok := m[key]
	if !ok {
		return nil, fmt.Errorf("%s: %w", key, socialcrm.ErrNotFound)
	}
	return v, nil
}

func (m mapState) PutState(ctx context.Context, key string, value []byte) error {
	m[key] = value
	return nil
}

func TestStored(t *testing.T) {
	ctx, st := context.Background(), mapState{}
	if rs, err := LoadStored(ctx, st); err != nil || rs != nil {
		t.Fatalf("empty store: %v, %v", rs, err)
	}
	_, err := SaveStored(ctx, st, []Rule{{Brand: "acme", Query: "acme ("}})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != 6 || len(st) != 0 {
		t.Fatalf("bad rule saved or error without position: %v", err)
	}
	set, err := SaveStored(ctx, st, []Rule{{Brand: "acme", Query: "acme -hiring"}})
	if err != nil || set.Len() != 1 {
		t.Fatal(err)
	}
	rs, err := LoadStored(ctx, st)
	if err != nil || len(rs) != 1 || rs[0].Query != "acme -hiring" {
		t.Fatalf("loaded %v, %v", rs, err)
	}
}
