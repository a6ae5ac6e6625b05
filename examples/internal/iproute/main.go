package iproute

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
)

// RunFunc is a command's whole program: it reads args and returns the
// exit status. Tests call it directly.
type RunFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// Main runs run with the process's arguments and standard streams, its
// context cancelled by SIGINT or SIGTERM, and exits with its status.
func Main(run RunFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Object is one OBJECT of a command (link, fdb, qdisc ...): its names,
// abbreviations included, its handler and its usage text.
type Object[C any] struct {
	Names []string
	Run   func(cl C, args []string) error
	Help  string
}

// RunObject runs the command words name, OBJECT and what follows, with
// cl. It returns the usage text that goes with its errors: the object's,
// or usage when words[0] names none, an error then: a UsageError marked
// UnknownObject that ends in `try "HINT".`
func RunObject[C any](objs []Object[C], cl C, words []string, usage, hint string) (help string, err error) {
	if o := findObject(objs, words[0]); o != nil {
		return o.Help, o.Run(cl, words[1:])
	}
	return usage, &UsageError{Msg: fmt.Sprintf("Object %q is unknown, try %q.", words[0], hint), UnknownObject: true}
}

// findObject returns the object one of whose names is name, or nil.
func findObject[C any](objs []Object[C], name string) *Object[C] {
	for i := range objs {
		if slices.Contains(objs[i].Names, name) {
			return &objs[i]
		}
	}
	return nil
}
