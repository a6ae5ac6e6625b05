package iproute

import "fmt"

// UsageError is a mistake in the arguments: a command prints Msg (if any)
// and its usage text, and exits with its usage status.
type UsageError struct {
	Msg string
	// UnknownObject marks a first word that names no object, which ip
	// -batch reports without stopping.
	UnknownObject bool
}

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError with the formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Args reads command arguments the way iproute2 takes them: keywords,
// each followed by its value.
type Args []string

// More reports whether words are left.
func (a *Args) More() bool { return len(*a) > 0 }

// Next returns the next word and moves past it; there must be one.
func (a *Args) Next() string {
	s := (*a)[0]
	*a = (*a)[1:]
	return s
}

// Value returns the word after key, or a UsageError when there is none.
func (a *Args) Value(key string) (string, error) {
	if !a.More() {
		return "", Usagef("Command line is not complete: %q needs an argument.", key)
	}
	return a.Next(), nil
}
