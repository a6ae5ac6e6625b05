package route_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/route"
)

// eventKey names an event by its type and the object it is about.
func eventKey(ev route.Event) string {
	var obj string
	switch b := ev.Body.(type) {
	case *route.Link:
		obj = b.Name
	case *route.Address:
		obj = b.Prefix().String()
	case *route.Route:
		obj = b.DstPrefix().String()
	case *route.Neighbour:
		obj = b.Dst.String()
	case *route.Rule:
		if b.Priority != nil {
			obj = fmt.Sprint(*b.Priority)
		}
	default:
		obj = fmt.Sprintf("%T", b)
	}
	return ev.String() + " " + obj
}

// TestClientMonitor makes changes with iproute2 and expects them as typed
// events, in the order they were made.
func TestClientMonitor(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	m, err := e.c.Monitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	e.script(t, `
link add v0 type veth peer name v1
addr add 10.1.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0
route add blackhole 192.0.2.0/24
route add blackhole 2001:db8:9::/48
neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0
rule add from 10.9.0.0/16 table 1000 pref 100
-6 rule add from 2001:db8::/32 table 1000 pref 101
-6 rule del pref 101
rule del pref 100
neigh del 10.1.0.7 dev v0
route del blackhole 2001:db8:9::/48
route del blackhole 192.0.2.0/24
addr del 2001:db8::1/64 dev v0
addr del 10.1.0.1/24 dev v0
link del v0`)
	want := []string{
		"RTM_NEWLINK v0",
		"RTM_NEWADDR 10.1.0.1/24",
		"RTM_NEWADDR 2001:db8::1/64",
		"RTM_NEWROUTE 192.0.2.0/24",
		"RTM_NEWROUTE 2001:db8:9::/48",
		"RTM_NEWNEIGH 10.1.0.7",
		"RTM_NEWRULE 100",
		"RTM_NEWRULE 101",
		"RTM_DELRULE 101",
		"RTM_DELRULE 100",
		"RTM_DELNEIGH 10.1.0.7",
		"RTM_DELROUTE 2001:db8:9::/48",
		"RTM_DELROUTE 192.0.2.0/24",
		"RTM_DELADDR 2001:db8::1/64",
		"RTM_DELADDR 10.1.0.1/24",
		"RTM_DELLINK v0",
	}
	// Other events (link changes, link-local addresses) come in between,
	// so only each object's creation before its deletion is ordered. The
	// IPv6 address is added without nodad: the kernel announces a nodad
	// address from its DAD work queue, which under load may run only
	// after the address was deleted, and then never announces it.
	missing := make(map[string]bool, len(want))
	for _, k := range want {
		missing[k] = true
	}
	var seen []string
	for ev, err := range m.Events() {
		if err != nil {
			t.Fatal(err)
		}
		k := eventKey(ev)
		seen = append(seen, k)
		if ev.Deleted() != strings.HasPrefix(k, "RTM_DEL") {
			t.Errorf("%s: Deleted() = %v", k, ev.Deleted())
		}
		if !missing[k] {
			continue
		}
		if created, ok := strings.CutPrefix(k, "RTM_DEL"); ok && missing["RTM_NEW"+created] {
			t.Errorf("%s before RTM_NEW%s", k, created)
		}
		if delete(missing, k); len(missing) == 0 {
			break
		}
	}
	for _, k := range want {
		if missing[k] {
			t.Errorf("missing %q after the events\n%s", k, strings.Join(seen, "\n"))
			break
		}
	}
}

// TestClientMonitorGroups receives only the groups asked for, and stops
// when its context ends.
func TestClientMonitorGroups(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	m, err := e.c.Monitor(ctx, route.MonitorIPv4Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	e.script(t, `
link add v0 type veth peer name v1
addr add 10.1.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad
addr add 10.1.0.2/24 dev v0`)
	var got []string
	for ev, err := range m.Events() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, eventKey(ev))
		if len(got) == 2 {
			cancel() // the loop must end by itself now
		}
	}
	if want := "RTM_NEWADDR 10.1.0.1/24,RTM_NEWADDR 10.1.0.2/24"; strings.Join(got, ",") != want {
		t.Errorf("events %q, want %s", got, want)
	}
}

// TestClientMonitorOverrun overflows a monitor's small buffer: the loss
// arrives as an error matching ENOBUFS, and the events after it still come.
func TestClientMonitorOverrun(t *testing.T) {
	e := newClientEnv(t)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name), MonitorBufferSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	m, err := c.Monitor(ctx, route.MonitorIPv4Addr, route.MonitorLink)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	var batch strings.Builder
	batch.WriteString("link add v0 type veth peer name v1\n")
	for i := range 400 {
		fmt.Fprintf(&batch, "addr add 10.%d.%d.1/24 dev v0\n", i/200, i%200)
	}
	cmd := exec.Command("ip", "-n", e.Name, "-batch", "-")
	cmd.Stdin = strings.NewReader(batch.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ip -batch: %v\n%s", err, out)
	}

	overrun := false
	for ev, err := range m.Events() {
		if err != nil {
			if !errors.Is(err, unix.ENOBUFS) || !errors.Is(err, conn.ErrOverrun) {
				t.Fatalf("error %v, want an overrun", err)
			}
			if !overrun {
				// A change made once the loop has drained the socket must
				// arrive.
				go func() {
					time.Sleep(200 * time.Millisecond)
					if out, err := exec.Command("ip", "-n", e.Name, "link", "add", "after0", "type", "veth", "peer", "name", "after1").CombinedOutput(); err != nil {
						t.Errorf("ip link add after0: %v\n%s", err, out)
					}
				}()
			}
			overrun = true
			continue
		}
		if l, ok := ev.Body.(*route.Link); ok && l.Name == "after0" {
			break
		}
	}
	if !overrun {
		t.Error("no overrun reported")
	}
	if ctx.Err() != nil {
		t.Error("the event after the overrun did not arrive")
	}
}

// TestClientMonitorClose: "Close ... an iteration over Events in progress
// ends", and "Monitors opened by the Client stay open until their own
// Close" after the Client's.
func TestClientMonitorClose(t *testing.T) {
	e := newClientEnv(t)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Monitor(e.ctx, route.MonitorLink)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 16)
	ended := make(chan error, 1)
	go func() {
		for ev, err := range m.Events() {
			if err != nil {
				ended <- err
				return
			}
			if l, ok := ev.Body.(*route.Link); ok {
				got <- l.Name
			}
		}
		ended <- nil
	}()
	e.IP(t, "link", "add", "mc0", "type", "veth", "peer", "name", "mc1")
	select {
	case name := <-got:
		if name != "mc0" && name != "mc1" {
			t.Errorf("event about %s, want mc0 or mc1", name)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a Monitor of a closed Client got no event")
	}
	time.Sleep(50 * time.Millisecond) // the loop waits in Receive again
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("Events after Close: %v, want a plain end", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the iteration over Events")
	}
	if err := m.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v, want net.ErrClosed", err)
	}
}
