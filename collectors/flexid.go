package collectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// FlexID is an identifier that a source sends as a JSON string or as a
// JSON number (X sends matching rule ids as numbers past 2^53, Algolia
// parent ids as numbers, most others as strings). Null leaves it empty.
// Numbers are kept digit for digit, never through a float.
type FlexID string

// UnmarshalJSON accepts a string, an integer or null.
func (id *FlexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = FlexID(s)
		return nil
	}
	if _, err := strconv.ParseUint(string(b), 10, 64); err != nil {
		if _, err := strconv.ParseInt(string(b), 10, 64); err != nil {
			return fmt.Errorf("collectors: id %s is neither a string nor an integer", b)
		}
	}
	*id = FlexID(b)
	return nil
}

// String returns the id as text.
func (id FlexID) String() string { return string(id) }
