//go:build linux

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
	"syscall"

	"github.com/nltag/go-netlink/route"
)

// changes are the Client's calls that change addresses, routes, neighbours
// and rules, which a route.Batch queues as well.
type changes interface {
	AddrAdd(ctx context.Context, dev route.LinkRef, p netip.Prefix, o *route.AddrOptions) error
	AddrReplace(ctx context.Context, dev route.LinkRef, p netip.Prefix, o *route.AddrOptions) error
	AddrDel(ctx context.Context, dev route.LinkRef, p netip.Prefix, o *route.AddrOptions) error
	RouteAdd(ctx context.Context, dst netip.Prefix, o *route.RouteOptions) error
	RouteReplace(ctx context.Context, dst netip.Prefix, o *route.RouteOptions) error
	RouteAppend(ctx context.Context, dst netip.Prefix, o *route.RouteOptions) error
	RouteDel(ctx context.Context, dst netip.Prefix, o *route.RouteOptions) error
	NeighAdd(ctx context.Context, dev route.LinkRef, dst netip.Addr, o *route.NeighOptions) error
	NeighReplace(ctx context.Context, dev route.LinkRef, dst netip.Addr, o *route.NeighOptions) error
	NeighDel(ctx context.Context, dev route.LinkRef, dst netip.Addr, o *route.NeighOptions) error
	RuleAdd(ctx context.Context, o *route.RuleOptions) error
	RuleDel(ctx context.Context, o *route.RuleOptions) error
}

// maxPending bounds the changes -force -batch queues before sending them.
const maxPending = 1024

// batchRun is an -batch run: where commands come from, and with -force the
// changes queued and the lines they came from.
type batchRun struct {
	name    string // the file's name, "-" for standard input
	line    int    // the number of the line being run
	pending *route.Batch
	lines   []int // the line of each change pending
	words   []string
	// routeOptions is the options of the route change being parsed.
	routeOptions route.RouteOptions
	failed       bool
}

// changer returns what addr, route, neigh and rule changes go to: with
// -force in a batch, the queue; else the Client.
func (cl *cli) changer() (changes, error) {
	c, err := cl.dial()
	if err != nil || cl.batch == nil || !cl.force {
		return c, err
	}
	b := cl.batch
	if b.pending == nil {
		b.pending = c.NewBatch()
	}
	return b.pending, nil
}

// runBatch runs the commands of the file name, one a line, as ip -batch
// does: '#' starts a comment, a backslash at the end of a line continues
// it, words may be quoted with ' or ", and each failed command is reported
// with its line number. It stops at the first failure unless -force is
// given; a mistake in a command's words stops it in any case, as it ends
// ip(8). With -force, changes to addresses, routes, neighbours and rules
// are sent many at a time (route.Batch), and reported in order all the
// same. It returns the exit status.
func (cl *cli) runBatch(name string, stdin io.Reader, stderr io.Writer) int {
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			var errno syscall.Errno
			text := err.Error()
			if errors.As(err, &errno) {
				text = capitalize(errno.Error())
			}
			fmt.Fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n", name, text)
			return 1
		}
		defer f.Close()
		in = f
	}
	b := &batchRun{name: name}
	cl.batch = b
	r := bufio.NewReader(in)
	for {
		words, ok, err := b.command(r)
		if err != nil {
			b.flush(cl, stderr)
			fmt.Fprintln(stderr, err)
			return 1
		}
		if !ok {
			break
		}
		if len(words) == 0 {
			continue
		}
		queued := b.queued()
		help, err := cl.command(words)
		var ue *usageError
		switch {
		case err == nil:
			if b.queued() > queued {
				b.lines = append(b.lines, b.line)
			}
			if b.queued() >= maxPending {
				b.flush(cl, stderr)
			}
			continue
		case errors.As(err, &ue) && !ue.UnknownObject:
			b.flush(cl, stderr)
			fmt.Fprintf(stderr, "%s\n%s", ue.Msg, help)
			return 2
		}
		b.flush(cl, stderr)
		if ue != nil {
			fmt.Fprintln(stderr, ue.Msg)
		} else {
			fmt.Fprintln(stderr, errorText(err))
		}
		b.fail(stderr, b.line)
		if !cl.force {
			return 1
		}
	}
	b.flush(cl, stderr)
	if b.failed {
		return 1
	}
	return 0
}

// queued returns the number of changes pending.
func (b *batchRun) queued() int {
	if b.pending == nil {
		return 0
	}
	return b.pending.Len()
}

// flush sends the changes pending and reports those that failed.
func (b *batchRun) flush(cl *cli, stderr io.Writer) {
	if b.queued() == 0 {
		return
	}
	err := b.pending.Run(cl.ctx)
	lines := b.lines
	b.lines = b.lines[:0]
	var be *route.BatchError
	if err == nil {
		return
	}
	if !errors.As(err, &be) {
		fmt.Fprintln(stderr, errorText(err))
		b.fail(stderr, lines[0])
		return
	}
	for i, err := range be.Errs {
		if err != nil {
			fmt.Fprintln(stderr, errorText(err))
			b.fail(stderr, lines[i])
		}
	}
}

// fail reports the command of line as failed.
func (b *batchRun) fail(stderr io.Writer, line int) {
	b.failed = true
	fmt.Fprintf(stderr, "Command failed %s:%d\n", b.name, line)
}

// command reads the next command: its words, or none for a blank line, and
// false at the end of the input. Lines are read as iproute2's getcmdline
// reads them, whole whatever their length: cut at '#', then continued
// where a backslash is followed by the line's newline. A comment, a
// carriage return or the end of the input after the backslash leaves it a
// word.
func (b *batchRun) command(r *bufio.Reader) ([]string, bool, error) {
	line, err := r.ReadString('\n')
	if line == "" {
		if err == io.EOF {
			err = nil
		}
		return nil, false, err
	}
	b.line++
	line = uncomment(line)
	for strings.HasSuffix(line, "\\\n") {
		next, err := r.ReadString('\n')
		if next == "" {
			if err == io.EOF {
				err = lineError("Missing continuation line")
			}
			return nil, false, err
		}
		b.line++
		line = line[:len(line)-2] + uncomment(next)
	}
	// The words go to the command only: their slice serves every line.
	words, err := splitWords(b.words[:0], line)
	if words != nil {
		b.words = words
	}
	return words, true, err
}

// lineError is a mistake in a batch file's lines, worded as ip(8) words
// it.
type lineError string

func (e lineError) Error() string { return string(e) }

// uncomment cuts a line at '#'.
func uncomment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}

// splitWords appends the words of a command line to words: it splits at
// white space, and a word that begins with a quote runs to the next one,
// as iproute2's makeargs has it.
func splitWords(words []string, s string) ([]string, error) {
	for i := 0; ; {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return words, nil
		}
		if q := s[i]; q == '\'' || q == '"' {
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return nil, lineError("Unterminated quoted string")
			}
			words = append(words, s[i+1:i+1+end])
			i += 2 + end
			continue
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		words = append(words, s[start:i])
	}
}

// isSpace reports the white space that separates words.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// capitalize makes the first letter upper case, as C's strerror text is.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
