package socialcrm

import "encoding/json"

// RawFields keeps JSON fields of a message that this version does not know,
// so that they survive a round trip through the pipeline.
type RawFields map[string]json.RawMessage
