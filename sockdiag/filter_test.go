package sockdiag

import (
	"encoding/hex"
	"net/netip"
	"testing"
)

// TestCompile checks the bytecode of conditions against code worked out
// by hand from inet_diag_bc_run's rules: an operation goes on Yes bytes
// when true and No bytes when false; running off the end keeps the
// socket, landing 4 bytes past it drops it.
func TestCompile(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Cond
		want string
	}{
		// S_EQ yes 8 no 12 (end+4), then the port 22 in a second op's No.
		{"sport = 22", SrcPort(OpEq, 22), "0b080c00" + "00001600"},
		// S_EQ false: past the JMP to the end (accept); true: the JMP,
		// whose No leads to end+4 (drop).
		{"not sport = 22", Not(SrcPort(OpEq, 22)), "0b080c00" + "00001600" + "01040800"},
		// D_GE 80, false: try the next; true: JMP to the end. D_LE 90,
		// false: drop.
		{"dport >= 80 or dport <= 90", Or(DstPort(OpGE, 80), DstPort(OpLE, 90)),
			"04080c00" + "00005000" + "01040c00" + "05080c00" + "00005a00"},
		// S_COND: yes 4+8+4, the hostcond (AF_INET, /8, port -1) and the
		// address, masked.
		{"src 10/8", SrcPrefix(netip.MustParsePrefix("10.1.2.3/8")), "07101400" + "0208" + "0000" + "ffffffff" + "0a000000"},
		{"dev 3", Dev(3), "09080c00" + "03000000"},
		{"mark 1/3", Mark(1, 3), "0a0c1000" + "01000000" + "03000000"},
		{"and()", And(), ""},
		{"or()", Or(), "01040800"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Compile(tc.c)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(b); got != tc.want {
				t.Errorf("bytecode %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := Compile(SrcPort(Op(9), 1)); err == nil {
		t.Error("an unknown comparison compiled")
	}
	var big []Cond
	for range 10000 {
		big = append(big, SrcPort(OpEq, 1))
	}
	if _, err := Compile(Or(big...)); err == nil {
		t.Error("bytecode past 16-bit offsets compiled")
	}
}

// TestStates checks the state sets of requests.
func TestStates(t *testing.T) {
	m := StatesOf(StateListen, StateClose)
	if m != 1<<10|1<<7 || !m.Has(StateListen) || m.Has(StateEstablished) || !AllStates.Has(StateBoundInactive) {
		t.Errorf("StatesOf(LISTEN, CLOSE) = %#x", uint32(m))
	}
	if got := m.String(); got != "TCP_CLOSE|TCP_LISTEN" {
		t.Errorf("String() = %q", got)
	}
}
