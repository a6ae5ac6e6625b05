package main

// The program is checked against ss(8): both list the sockets that
// socktest makes in a fresh namespace, and every socket line must hold
// the same fields.

import (
	"bytes"
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/socktest"
)

// volatile are the -i fields that change from one look to the next:
// times, rates and estimates, as name:value; volatileRates are those
// printed as a name and a value ("send 96119466667bps").
var (
	volatile = map[string]bool{
		"rto": true, "rtt": true, "ato": true, "lastsnd": true, "lastrcv": true, "lastack": true,
		"minrtt": true, "busy": true, "rcv_rtt": true, "bbr": true,
	}
	volatileRates = map[string]bool{"send": true, "pacing_rate": true, "delivery_rate": true}
)

// lines returns the socket lines of an ss output, without the header:
// each line's fields joined by one space, the stable fields of its -i
// line appended after " |", sorted (the order of a dump is the kernel's
// hash tables', which two dumps share, but the comparison need not rely
// on it).
func lines(out string) []string {
	var ls []string
	for i, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		switch {
		case i == 0:
			continue // the header: ss joins some of its words by chance of widths
		case strings.HasPrefix(l, "\t"):
			var keep []string
			fs := strings.Fields(l)
			for j := 0; j < len(fs); j++ {
				if name, _, ok := strings.Cut(fs[j], ":"); ok && volatile[name] {
					continue
				}
				if volatileRates[fs[j]] {
					j++ // and its value
					continue
				}
				keep = append(keep, fs[j])
			}
			ls[len(ls)-1] += " | " + strings.Join(keep, " ")
		default:
			ls = append(ls, strings.Join(strings.Fields(l), " "))
		}
	}
	slices.Sort(ls)
	return ls
}

// TestMatchesSS runs both programs with the same flags in one namespace
// and compares the columns Netid, State, Recv-Q, Send-Q, Local
// Address:Port and Peer Address:Port of every socket (the Process column
// is empty without -p, which the program lacks), and with -i the fields
// of tcp_info that do not change between two looks: options, congestion
// algorithm, wscale, mss, pmtu, rcvmss, advmss, cwnd, byte and segment
// counts, delivered, app_limited, rcv_space, rcv_ssthresh, snd_wnd and
// the like.
func TestMatchesSS(t *testing.T) {
	ns := nltest.NewNS(t)
	socktest.Make(t, ns)
	time.Sleep(200 * time.Millisecond) // let delayed ACKs go, which change the counts of -i
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, args := range [][]string{
		{"-t", "-a", "-n"},
		{"-t", "-n"},
		{"-t", "-l", "-n"},
		{"-u", "-n"},
		{"-u", "-a", "-n"},
		{"-x", "-n"},
		{"-x", "-a", "-n"},
		{"-x", "-l", "-n"},
		{"-t", "-u", "-a", "-n"},
		{"-t", "-u", "-x", "-l", "-n"},
		{"-a", "-n", "-t", "-u", "-x"},
		{"-4", "-t", "-a", "-n"},
		{"-6", "-t", "-u", "-a", "-n"},
		{"-t", "-i", "-n"},
		{"-t", "-a", "-i", "-n"},
		{"-H", "-t", "-a", "-n"},
		{"-t", "-a", "-m", "-n"},
		{"-u", "-a", "-m", "-n"},
		{"-x", "-a", "-m", "-n"},
		{"-t", "-a", "-m", "-i", "-n"},
		{"-tuan"}, // grouped, as ss(8) is mostly called
		{"-xln"},
		// Filters, which both programs have the kernel check.
		{"-t", "-a", "-n", "sport = :5001"},
		{"-t", "-a", "-n", "( dport = :5001 or sport = :5002 )"},
		{"-t", "-a", "-n", "not", "sport", "eq", ":5001"},
		{"-t", "-u", "-a", "-n", "sport >= :5003"},
		{"-t", "-u", "-a", "-n", "dport > :5001 and dport < :5005"},
		{"-t", "-a", "-n", "! ( sport != :5001 ) || dst [::1]"},
		{"-t", "-u", "-a", "-n", "src 127.0.0.1"},
		{"-t", "-a", "-n", "src 127.0.0.0/8 dport = :5001"},
		{"-t", "-u", "-a", "-n", "dst ::1/128"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var real, realErr bytes.Buffer
			cmd := exec.Command("ip", append([]string{"netns", "exec", ns.Name, "ss"}, args...)...)
			cmd.Stdout, cmd.Stderr = &real, &realErr
			if err := cmd.Run(); err != nil {
				t.Fatalf("ss: %v\n%s", err, realErr.Bytes())
			}
			var mine, mineErr bytes.Buffer
			if code := run(ctx, append([]string{"-N", ns.Name}, args...), &mine, &mineErr); code != 0 {
				t.Fatalf("exit status %d: %s", code, mineErr.Bytes())
			}
			if slices.Contains(args, "-H") {
				// Neither has a header to drop: give both one.
				real = *bytes.NewBufferString("header\n" + real.String())
				mine = *bytes.NewBufferString("header\n" + mine.String())
			}
			want, got := lines(real.String()), lines(mine.String())
			if len(want) == 0 {
				t.Fatalf("ss lists nothing:\n%s", real.Bytes())
			}
			if !slices.Equal(got, want) {
				t.Errorf("lines differ\n got:\n\t%s\nwant (ss):\n\t%s\nss printed:\n%s\nthe program printed:\n%s",
					strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), real.Bytes(), mine.Bytes())
			}
		})
	}
}

// TestUsage checks the program's refusals.
func TestUsage(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{{"-z"}, {"-t", "sport = :x"}, {"-t", "( sport = :22"}, {"-t", "sport ~ :22"}, {"-t", "src 10.0.0.300"}, {"-t", "port 22"}, {"-t", "sport = :22 )"}} {
		var out, errb bytes.Buffer
		if code := run(ctx, args, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%q: status %d, %q; want 2 and a message", args, code, errb.String())
		}
	}
}
