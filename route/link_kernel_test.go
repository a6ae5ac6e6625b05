package route

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// ipLink is the part of `ip -j -d link show` that TestLinkDumpMatchesIP
// compares.
type ipLink struct {
	Index     netlink.IfIndex `json:"ifindex"`
	Name      string          `json:"ifname"`
	Flags     []string        `json:"flags"`
	MTU       uint32          `json:"mtu"`
	Qdisc     string          `json:"qdisc"`
	OperState string          `json:"operstate"`
	LinkType  string          `json:"link_type"`
	Address   string          `json:"address"`
	Master    string          `json:"master"`
	Link      string          `json:"link"`
	Alias     string          `json:"ifalias"`
	LinkInfo  struct {
		Kind      string         `json:"info_kind"`
		Data      map[string]any `json:"info_data"`
		SlaveKind string         `json:"info_slave_kind"`
		SlaveData map[string]any `json:"info_slave_data"`
	} `json:"linkinfo"`
}

// TestLinkDumpMatchesIP dumps the links of a namespace prepared with
// iproute2 through this package and compares them with what ip(8) reports.
// Links settle (carrier, operational state) shortly after the setup, so a
// comparison that finds differences is tried again a few times.
func TestLinkDumpMatchesIP(t *testing.T) {
	ns := newLinkNS(t)
	var problems []string
	for range 10 {
		ms := ns.execute(t, unix.RTM_GETLINK, netlink.Dump, &Link{})
		var want []ipLink
		ns.IPJSON(t, &want, "-d", "link", "show")
		if problems = compareLinks(t, ms, want); len(problems) == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// compareLinks decodes a dump and returns how it differs from ip's view.
func compareLinks(t *testing.T, ms []netlink.RawMessage, want []ipLink) []string {
	t.Helper()
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var links []*Link
	for _, m := range ms {
		l := decodeLink(t, m)
		links = append(links, l)
		// A decoded link re-encodes to the bytes the kernel sent.
		out, err := nltag.Marshal(l)
		if err != nil || !bytes.Equal(out, m.Data) {
			errorf("%s: re-encoding differs (%v)", l.Name, err)
		}
	}
	ps, kinds := linkProblems(links, want)
	problems = append(problems, ps...)
	for _, k := range []string{"", "veth", "bridge", "macvlan", "macvtap", "vxlan", "tun", "ifb"} {
		if !kinds[k] {
			errorf("the dump has no link of kind %q", k)
		}
	}
	return problems
}

// linkProblems returns how links differ from ip's view, and the kinds of
// link they hold.
func linkProblems(list []*Link, want []ipLink) (problems []string, kinds map[string]bool) {
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	links := map[netlink.IfIndex]*Link{}
	names := map[netlink.IfIndex]string{}
	for _, l := range list {
		links[l.Index] = l
		names[l.Index] = l.Name
	}
	if len(links) != len(want) {
		errorf("dump has %d links, ip shows %d", len(links), len(want))
	}
	kinds = map[string]bool{}
	for _, w := range want {
		l := links[w.Index]
		if l == nil {
			errorf("ip shows %s (index %d), the dump does not", w.Name, w.Index)
			continue
		}
		check := func(what string, got, want any) {
			if got != want {
				errorf("%s: %s = %v, ip says %v", w.Name, what, got, want)
			}
		}
		check("name", l.Name, w.Name)
		check("mtu", l.MTU, w.MTU)
		check("qdisc", l.Qdisc, w.Qdisc)
		check("operstate", l.OperState.String(), w.OperState)
		check("flags", linkFlagsAsIP(l.Flags), ipFlags(w.Flags))
		if w.Address != "" {
			check("address", l.Address.String(), w.Address)
		} else {
			check("address", len(l.Address), 0)
		}
		if w.LinkType == "ether" {
			check("type", l.Type, HardwareEther)
		}
		master := ""
		if l.Master != nil {
			master = names[*l.Master]
		}
		check("master", master, w.Master)
		check("alias", aliasOf(l), w.Alias)
		check("link", names[l.Link], w.Link)

		kind, slaveKind := "", ""
		if l.LinkInfo != nil {
			kind, slaveKind = l.LinkInfo.Kind, l.LinkInfo.SlaveKind
		}
		check("kind", kind, w.LinkInfo.Kind)
		check("slave kind", slaveKind, w.LinkInfo.SlaveKind)
		kinds[kind] = true
		wd := w.LinkInfo.Data
		num := func(k string) any {
			if f, ok := wd[k].(float64); ok {
				return uint64(f)
			}
			return wd[k]
		}
		switch d := linkDataOf(l.LinkInfo, false).(type) {
		case *BridgeData:
			check("stp_state", uint64(*d.STPState), num("stp_state"))
			check("forward_delay", uint64(*d.ForwardDelay), num("forward_delay"))
			check("priority", uint64(*d.Priority), num("priority"))
			check("bridge_id", bridgeIDAsIP(d.BridgeID), wd["bridge_id"])
		case *VxlanData:
			check("vxlan id", uint64(*d.ID), num("id"))
			check("vxlan port", uint64(d.Port), num("port"))
			check("vxlan ttl", uint64(d.TTL), num("ttl"))
			check("vxlan local", d.Local.String(), wd["local"])
			check("vxlan remote", d.Group.String(), wd["remote"])
			check("vxlan learning", *d.Learning, wd["learning"])
		case *MacvlanData:
			check("macvlan mode", strings.ToLower(d.Mode.String()), wd["mode"])
		case *MacvtapData:
			check("macvtap mode", strings.ToLower(d.Mode.String()), wd["mode"])
		case *TunData:
			check("tun type", strings.ToLower(d.Type.String()), wd["type"])
			check("tun persist", *d.Persist, wd["persist"])
			check("tun pi", *d.PI, wd["pi"])
		case nil:
			if wd != nil && kind != "veth" {
				errorf("%s: ip shows data of kind %s, the dump has none", w.Name, kind)
			}
		default:
			errorf("%s: no comparison for %T", w.Name, d)
		}
		if p, ok := linkDataOf(l.LinkInfo, true).(*BridgePortData); ok {
			sd := w.LinkInfo.SlaveData
			check("port state", strings.ToLower(p.State.String()), sd["state"])
			check("port priority", uint64(*p.Priority), jsonUint(sd["priority"]))
			check("port cost", uint64(*p.Cost), jsonUint(sd["cost"]))
			check("port learning", *p.Learning, sd["learning"])
		}
	}
	return problems, kinds
}

// linkDataOf returns li's Data, or its SlaveData, or nil without li.
func linkDataOf(li *LinkInfo, slave bool) any {
	switch {
	case li == nil:
		return nil
	case slave:
		return li.SlaveData
	}
	return li.Data
}

// linkFlagsAsIP names flags as ip(8) prints them: without RUNNING, sorted.
func linkFlagsAsIP(f InterfaceFlags) string {
	names := strings.Split((f &^ IffRunning).String(), "|")
	slices.Sort(names)
	return strings.Join(names, ",")
}

// ipFlags drops the pseudo-flags ip(8) derives (NO-CARRIER, M-DOWN) and sorts.
func ipFlags(fs []string) string {
	var out []string
	for _, f := range fs {
		if f != "NO-CARRIER" && f != "M-DOWN" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return "0"
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// bridgeIDAsIP prints a bridge id as ip(8) does: "8000.aa:b:cc:d:ee:ff",
// the priority in four digits, the address bytes without leading zeros.
func bridgeIDAsIP(id *BridgeID) string {
	var sb strings.Builder
	const hex = "0123456789abcdef"
	p := id.Priority
	sb.WriteByte(hex[p>>12&15])
	sb.WriteByte(hex[p>>8&15])
	sb.WriteByte(hex[p>>4&15])
	sb.WriteByte(hex[p&15])
	sb.WriteByte('.')
	for i, b := range id.Addr {
		if i > 0 {
			sb.WriteByte(':')
		}
		if b >= 16 {
			sb.WriteByte(hex[b>>4])
		}
		sb.WriteByte(hex[b&15])
	}
	return sb.String()
}

// jsonUint returns a JSON number as a uint64, anything else as it is.
func jsonUint(v any) any {
	if f, ok := v.(float64); ok {
		return uint64(f)
	}
	return v
}
