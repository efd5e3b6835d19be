package roadmap

import (
	"bytes"
	"encoding/json"
)

// NullableString keeps apart the three meanings roadmap.json gives a field:
// omitted (not managed), null (clear it on GitHub) and a value (enforce it).
type NullableString struct {
	Set   bool // the key was present
	Null  bool // the key was present with null
	Value string
}

// Str returns a NullableString holding s.
func Str(s string) NullableString { return NullableString{Set: true, Value: s} }

// Null returns a NullableString holding null.
func Null() NullableString { return NullableString{Set: true, Null: true} }

// UnmarshalJSON is only called when the key is present, which is what Set records.
func (n *NullableString) UnmarshalJSON(b []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		n.Null = true
		n.Value = ""
		return nil
	}
	n.Null = false
	// A wrong type is the schema's to report, with its position; failing here
	// would stop encoding/json from decoding the rest of the file.
	if json.Unmarshal(b, &n.Value) != nil {
		n.Value = ""
	}
	return nil
}

// MarshalJSON writes null or the value; omitzero drops an unset field.
// "&", "<" and ">" stay as they are: an encoder that escapes HTML escapes
// them itself, and one that does not (roadmap import) must not get
// "M2: Performance \u0026 Validation" from here.
func (n NullableString) MarshalJSON() ([]byte, error) {
	if n.Null {
		return []byte("null"), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(n.Value); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// IsZero reports an omitted field, for the omitzero tag option.
func (n NullableString) IsZero() bool { return !n.Set }

// HasValue reports a present, non-null value.
func (n NullableString) HasValue() bool { return n.Set && !n.Null }
