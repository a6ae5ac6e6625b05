package nltag

import "reflect"

// Check validates the type of v (a value or a pointer to one) and every type
// it reaches: tags, attribute names, kinds against Go types. Types are
// otherwise checked at first use; Check lets a test catch a bad declaration
// before any message is sent. Sub-message types are checked as they are
// registered types, each with its own call.
func Check(v any) error {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	_, err := typeCodec(t)
	return err
}
