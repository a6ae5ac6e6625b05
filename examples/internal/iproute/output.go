package iproute

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes v as JSON on one line, or indented by four spaces with
// pretty, as iproute2's -p prints it.
func WriteJSON(w io.Writer, v any, pretty bool) error {
	var b []byte
	var err error
	if pretty {
		b, err = json.MarshalIndent(v, "", "    ")
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// Print writes objs as one JSON array with asJSON (an empty array when
// there are none, as iproute2's -j prints), else the texts in order.
func Print[T any](w io.Writer, asJSON, pretty bool, objs []T, texts []string) error {
	if !asJSON {
		for _, t := range texts {
			if _, err := io.WriteString(w, t); err != nil {
				return err
			}
		}
		return nil
	}
	if objs == nil {
		objs = []T{}
	}
	return WriteJSON(w, objs, pretty)
}
