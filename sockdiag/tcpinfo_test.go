package sockdiag

import (
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// TestShortTCPInfo checks the package doc's known limit: a tcp_info
// shorter than TCPInfo, as older kernels send it (104 bytes here, the
// struct of Linux 3.x), decodes with the fields it holds and the rest
// zero, but encodes at full length. The day the codec keeps the length,
// this test fails and the doc must change.
func TestShortTCPInfo(t *testing.T) {
	body := make([]byte, 72) // struct inet_diag_msg
	body[0] = byte(FamilyIPv4)
	info := make([]byte, 104)
	info[0] = byte(StateEstablished)
	info[16] = 0xb4 // tcpi_snd_mss = 1460
	info[17] = 0x05
	info[100] = 7 // tcpi_total_retrans, the last field of 104 bytes
	b := nltag.AppendAttr(body, inetDiagInfo, info)
	var s InetSocket
	if err := nltag.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Info == nil || s.Info.State != StateEstablished || s.Info.SndMSS != 1460 || s.Info.TotalRetrans != 7 || s.Info.PacingRate != 0 {
		t.Fatalf("decoded %+v", s.Info)
	}
	out, err := nltag.Marshal(&s)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == len(b) {
		t.Errorf("a short tcp_info re-encodes at its own length now: update the package doc's known limits")
	}
}
