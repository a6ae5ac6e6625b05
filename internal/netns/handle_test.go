package netns_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/internal/netns"
	"github.com/nltag/go-netlink/internal/nltest"
)

func mustCurrent(t *testing.T) *netns.Handle {
	t.Helper()
	h, err := netns.Current()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func mustEqual(t *testing.T, a, b *netns.Handle, want bool) {
	t.Helper()
	if eq, err := a.Equal(b); err != nil || eq != want {
		t.Errorf("Equal = %v, %v; want %v", eq, err, want)
	}
}

func TestCurrentAndFromFD(t *testing.T) {
	a, b := mustCurrent(t), mustCurrent(t)
	if a.FD() == b.FD() {
		t.Errorf("two handles share fd %d", a.FD())
	}
	mustEqual(t, a, b, true)

	dup, err := netns.FromFD(a.FD())
	if err != nil {
		t.Fatal(err)
	}
	defer dup.Close()
	if dup.FD() == a.FD() {
		t.Errorf("FromFD(%d) did not duplicate the fd", a.FD())
	}
	mustEqual(t, dup, a, true)

	self, err := netns.OpenPID(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	defer self.Close()
	mustEqual(t, self, a, true)
}

func TestOpenRejectsOtherFiles(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(plain, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{plain, "/proc/self/ns/uts", filepath.Join(t.TempDir(), "missing")} {
		if h, err := netns.Open(path); err == nil {
			h.Close()
			t.Errorf("Open(%q) succeeded, want an error", path)
		}
	}
	f, err := os.Open(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if h, err := netns.FromFD(int(f.Fd())); err == nil {
		h.Close()
		t.Errorf("FromFD(regular file) succeeded, want an error")
	}
	for _, name := range []string{"", ".", "..", "../x", "a/b"} {
		if h, err := netns.OpenName(name); err == nil {
			h.Close()
			t.Errorf("OpenName(%q) succeeded, want an error", name)
		}
	}
}

func TestClose(t *testing.T) {
	h, err := netns.Current()
	if err != nil {
		t.Fatal(err)
	}
	other := mustCurrent(t)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if h.FD() != -1 {
		t.Errorf("FD after Close = %d, want -1", h.FD())
	}
	if err := h.Close(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("second Close = %v, want os.ErrClosed", err)
	}
	if _, err := h.Equal(other); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Equal after Close = %v, want os.ErrClosed", err)
	}
	if _, err := other.Equal(nil); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Equal(nil) = %v, want os.ErrClosed", err)
	}
	if err := netns.Do(h, func() error { t.Error("fn ran"); return nil }); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Do with closed handle = %v, want os.ErrClosed", err)
	}
}

func TestOpenName(t *testing.T) {
	ns := nltest.NewNS(t)
	h, err := netns.OpenName(ns.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	mustEqual(t, h, ns.Handle(t), true)
	mustEqual(t, h, mustCurrent(t), false)
}
