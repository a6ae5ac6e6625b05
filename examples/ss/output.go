package main

import (
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/nltag/go-netlink/sockdiag"
)

// printRows writes the rows as ss does: a header, then a line per socket
// (and a line of internals with -i). The Netid column shows when more than
// one kind of socket is listed (unix counts as three: u_str, u_dgr,
// u_seq), the State column when more than one state is.
func printRows(w io.Writer, o *options, rows []row) {
	kinds := 0
	for _, on := range []bool{o.tcp, o.udp, o.unix, o.unix, o.unix} {
		if on {
			kinds++
		}
	}
	showNetid := kinds > 1
	showState := bits.OnesCount32(uint32(o.states())) > 1
	cells := func(r row) []string {
		var c []string
		if showNetid {
			c = append(c, r.netid)
		}
		if showState {
			c = append(c, r.state)
		}
		return append(c, r.recvQ, r.sendQ, r.local, r.peer)
	}
	table := [][]string{cells(row{netid: "Netid", state: "State", recvQ: "Recv-Q", sendQ: "Send-Q", local: "Local Address:Port", peer: "Peer Address:Port"})}
	for _, r := range rows {
		table = append(table, cells(r))
	}
	widths := make([]int, len(table[0]))
	for _, cs := range table {
		for i, c := range cs {
			widths[i] = max(widths[i], len(c))
		}
	}
	for i, cs := range table {
		if i == 0 && o.noHeader {
			continue
		}
		var sb strings.Builder
		for j, c := range cs {
			if j > 0 {
				sb.WriteByte(' ')
			}
			if j >= len(cs)-2 {
				fmt.Fprintf(&sb, "%*s", widths[j], c) // addresses, right-aligned
			} else {
				fmt.Fprintf(&sb, "%-*s", widths[j], c)
			}
		}
		switch {
		case i == 0:
			sb.WriteString(" Process")
		case rows[i-1].tail != "":
			sb.WriteString(rows[i-1].tail)
		}
		fmt.Fprintln(w, sb.String())
		if i > 0 && rows[i-1].more != "" {
			fmt.Fprintln(w, "\t"+rows[i-1].more)
		}
	}
}

// tcpInfo returns the internals ss -i shows of a TCP socket, in its order
// and units: times in milliseconds, rates in bits per second, numbers
// with C's %g. The negotiated options (ts, sack ...) are left out, as ss
// shows them only with -o.
func tcpInfo(s *sockdiag.InetSocket) string {
	ti := s.Info
	var b strings.Builder
	add := func(format string, args ...any) { fmt.Fprintf(&b, " "+format, args...) }
	if s.Cong != "" {
		add("%s", s.Cong)
	}
	if ti.Options&sockdiag.TCPIOptWScale != 0 {
		add("wscale:%d,%d", ti.SndWScale(), ti.RcvWScale())
	}
	ms := func(us uint32) float64 { return float64(us) / 1000 }
	nonzero := func(name string, v uint64) {
		if v != 0 {
			add("%s:%d", name, v)
		}
	}
	if ti.RTO != 0 {
		add("rto:%.6g", ms(ti.RTO))
	}
	nonzero("backoff", uint64(ti.Backoff))
	if ti.RTT != 0 {
		add("rtt:%.6g/%.6g", ms(ti.RTT), ms(ti.RTTVar))
	}
	if ti.ATO != 0 {
		add("ato:%.6g", ms(ti.ATO))
	}
	nonzero("mss", uint64(ti.SndMSS))
	nonzero("pmtu", uint64(ti.PMTU))
	nonzero("rcvmss", uint64(ti.RcvMSS))
	nonzero("advmss", uint64(ti.AdvMSS))
	nonzero("cwnd", uint64(ti.SndCwnd))
	if ti.SndSsthresh < 0xffff {
		nonzero("ssthresh", uint64(ti.SndSsthresh))
	}
	nonzero("bytes_sent", ti.BytesSent)
	nonzero("bytes_retrans", ti.BytesRetrans)
	nonzero("bytes_acked", ti.BytesAcked)
	nonzero("bytes_received", ti.BytesReceived)
	nonzero("segs_out", uint64(ti.SegsOut))
	nonzero("segs_in", uint64(ti.SegsIn))
	nonzero("data_segs_out", uint64(ti.DataSegsOut))
	nonzero("data_segs_in", uint64(ti.DataSegsIn))
	if bbr := s.BBRInfo; bbr != nil {
		add("bbr:(bw:%dbps,mrtt:%.6g", bbr.Bandwidth()*8, ms(bbr.MinRTT))
		if bbr.PacingGain != 0 {
			fmt.Fprintf(&b, ",pacing_gain:%.6g", float64(bbr.PacingGain)/256)
		}
		if bbr.CwndGain != 0 {
			fmt.Fprintf(&b, ",cwnd_gain:%.6g", float64(bbr.CwndGain)/256)
		}
		b.WriteString(")")
	}
	if ti.RTT != 0 && ti.SndMSS != 0 && ti.SndCwnd != 0 {
		add("send %.0fbps", float64(ti.SndCwnd)*float64(ti.SndMSS)*8e6/float64(ti.RTT))
	}
	nonzero("lastsnd", uint64(ti.LastDataSent))
	nonzero("lastrcv", uint64(ti.LastDataRecv))
	nonzero("lastack", uint64(ti.LastAckRecv))
	if ti.PacingRate != 0 && ti.PacingRate != ^uint64(0) {
		add("pacing_rate %dbps", ti.PacingRate*8)
		if ti.MaxPacingRate != 0 && ti.MaxPacingRate != ^uint64(0) {
			fmt.Fprintf(&b, "/%dbps", ti.MaxPacingRate*8)
		}
	}
	if ti.DeliveryRate != 0 {
		add("delivery_rate %dbps", ti.DeliveryRate*8)
	}
	nonzero("delivered", uint64(ti.Delivered))
	nonzero("delivered_ce", uint64(ti.DeliveredCE))
	if ti.AppLimited&1 != 0 {
		add("app_limited")
	}
	if ti.BusyTime != 0 {
		add("busy:%dms", ti.BusyTime/1000)
	}
	nonzero("unacked", uint64(ti.Unacked))
	if ti.Retrans != 0 || ti.TotalRetrans != 0 {
		add("retrans:%d/%d", ti.Retrans, ti.TotalRetrans)
	}
	nonzero("lost", uint64(ti.Lost))
	if s.State != sockdiag.StateListen {
		nonzero("sacked", uint64(ti.Sacked))
	}
	nonzero("dsack_dups", uint64(ti.DSACKDups))
	nonzero("fackets", uint64(ti.Fackets))
	if ti.Reordering != 3 {
		add("reordering:%d", ti.Reordering)
	}
	nonzero("reord_seen", uint64(ti.ReordSeen))
	if ti.RcvRTT != 0 {
		add("rcv_rtt:%.6g", ms(ti.RcvRTT))
	}
	nonzero("rcv_space", uint64(ti.RcvSpace))
	nonzero("rcv_ssthresh", uint64(ti.RcvSsthresh))
	nonzero("notsent", uint64(ti.NotsentBytes))
	if ti.MinRTT != 0 {
		add("minrtt:%.6g", ms(ti.MinRTT))
	}
	nonzero("rcv_ooopack", uint64(ti.RcvOOOPack))
	nonzero("snd_wnd", uint64(ti.SndWnd))
	if s.ULPInfo != nil && s.ULPInfo.Name != "" {
		add("tcp-ulp-%s", s.ULPInfo.Name)
	}
	return b.String()
}

// skmem returns the memory use ss -m shows: skmem:(r...,rb...,...).
func skmem(m *sockdiag.SkMemInfo) string {
	if m == nil {
		return ""
	}
	return fmt.Sprintf(" skmem:(r%d,rb%d,t%d,tb%d,f%d,w%d,o%d,bl%d,d%d)",
		m.RMemAlloc, m.RcvBuf, m.WMemAlloc, m.SndBuf, m.FwdAlloc, m.WMemQueued, m.OptMem, m.Backlog, m.Drops)
}
