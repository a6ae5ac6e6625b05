package bench

import (
	"context"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// TestSocketsAgree checks that the socket lists of the benchmark see the
// same sockets through each library: 2×SocketPairs+1, with the same ports
// and inodes.
func TestSocketsAgree(t *testing.T) {
	needEnv(t)
	s, err := SocketsOnce()
	if err != nil {
		t.Fatal(err)
	}
	ours, err := s.Ours.InetList(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := s.V.SocketDiagTCPInfo(unix.AF_INET)
	if err != nil {
		t.Fatal(err)
	}
	var a, b [][3]uint32
	for _, x := range ours {
		if x.Family == unix.AF_INET {
			a = append(a, [3]uint32{uint32(x.ID.SrcPort), uint32(x.ID.DstPort), x.Inode})
		}
	}
	for _, x := range theirs {
		b = append(b, [3]uint32{uint32(x.InetDiagMsg.ID.SourcePort), uint32(x.InetDiagMsg.ID.DestinationPort), x.InetDiagMsg.INode})
	}
	slices.SortFunc(a, func(x, y [3]uint32) int { return slices.Compare(x[:], y[:]) })
	slices.SortFunc(b, func(x, y [3]uint32) int { return slices.Compare(x[:], y[:]) })
	if len(a) != 2*SocketPairs+1 || !slices.Equal(a, b) {
		t.Errorf("ours lists %d sockets, vishvananda %d, want %d, the same", len(a), len(b), 2*SocketPairs+1)
	}
}
