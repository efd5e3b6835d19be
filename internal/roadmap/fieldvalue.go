package roadmap

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// FieldValue is a project field's value in roadmap.json: text (an option's
// name, an iteration's title, a date, text), a number, or null to clear it.
// Which one a field takes is the project's to say; the plan checks it.
type FieldValue struct {
	Null     bool
	IsNumber bool
	Number   float64
	Text     string
}

// TextValue and NumberValue make values, for tests and import.
func TextValue(s string) FieldValue          { return FieldValue{Text: s} }
func NumberValue(n float64) FieldValue       { return FieldValue{IsNumber: true, Number: n} }
func NullValue() FieldValue                  { return FieldValue{Null: true} }
func (v FieldValue) IsText() bool            { return !v.Null && !v.IsNumber }
func (v FieldValue) Equal(o FieldValue) bool { return v == o }

// UnmarshalJSON takes null, a number or a string; anything else is left
// empty for the schema to report with its position.
func (v *FieldValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*v = FieldValue{}
	switch {
	case bytes.Equal(b, []byte("null")):
		v.Null = true
	case len(b) > 0 && b[0] == '"':
		_ = json.Unmarshal(b, &v.Text)
	default:
		if n, err := strconv.ParseFloat(string(b), 64); err == nil {
			v.IsNumber, v.Number = true, n
		}
	}
	return nil
}

// MarshalJSON writes the value back as it was given.
func (v FieldValue) MarshalJSON() ([]byte, error) {
	switch {
	case v.Null:
		return []byte("null"), nil
	case v.IsNumber:
		return []byte(strconv.FormatFloat(v.Number, 'f', -1, 64)), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.Text); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// String is the value as people read it: the text, the number, or null.
func (v FieldValue) String() string {
	switch {
	case v.Null:
		return "null"
	case v.IsNumber:
		return strconv.FormatFloat(v.Number, 'f', -1, 64)
	}
	return v.Text
}
