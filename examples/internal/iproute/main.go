package iproute

import (
	"context"
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

// FindObject returns the object one of whose names is name, or nil.
func FindObject[C any](objs []Object[C], name string) *Object[C] {
	for i := range objs {
		if slices.Contains(objs[i].Names, name) {
			return &objs[i]
		}
	}
	return nil
}
