package socialcrm

import (
	"errors"
	"fmt"
)

// Sentinel errors. Adapters wrap them with context using %w; only the web
// package maps them to HTTP status codes.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

// Invalidf returns an error that wraps ErrInvalid with a formatted message.
func Invalidf(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrInvalid)
}
