package main

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const qdiscUsage = `Usage: tc qdisc [ add | del | replace | change | show ] dev STRING
       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]
       [ QDISC_KIND [ help | OPTIONS ] ]
       tc qdisc { show | list } [ dev STRING ]
where  QDISC_KIND := { htb | tbf | pfifo | bfifo | pfifo_head_drop | ingress | clsact }
       htb OPTIONS := [ default N ] [ r2q N ] [ direct_qlen P ]
       tbf OPTIONS := rate KBPS burst BYTES { latency TIME | limit BYTES } [ mpu BYTES ]
                      [ peakrate KBPS mtu BYTES ] [ overhead BYTES ]
       fifo OPTIONS := [ limit NUMBER ]
`

func qdiscCmd(cl *cli, args []string) error {
	return runObject(cl, "qdisc", args, parseQdisc, qdiscShow, map[string]tcMethod{
		"add": (*route.Client).QdiscAdd, "replace": (*route.Client).QdiscReplace, "change": (*route.Client).QdiscChange,
		"delete": (*route.Client).QdiscDel, "del": (*route.Client).QdiscDel,
	})
}

// parseQdisc reads what follows `tc qdisc add`.
func parseQdisc(a argv) (route.LinkRef, *route.TcOptions, error) {
	dev, o, err := parseTc(a, "handle", func(w string, a *argv, o *route.TcOptions) (err error) {
		switch w {
		case "ingress":
			o.Parent, o.Kind = route.HandleIngress, &route.IngressOptions{}
		case "clsact":
			o.Parent, o.Kind = route.HandleIngress, &route.ClsactOptions{}
		default:
			o.Kind, err = parseKind(w, a)
		}
		return err
	})
	if err == nil && o.Handle.Minor() != 0 {
		err = usagef("Invalid qdisc ID %q", classID(o.Handle))
	}
	return dev, o, err
}

// parseKind reads a kind and its options, to the end of the arguments.
func parseKind(kind string, a *argv) (route.TcKind, error) {
	switch kind {
	case "htb":
		return parseHTB(a)
	case "tbf":
		return parseTBF(a)
	case "pfifo", "bfifo", "pfifo_head_drop":
		var limit *uint32
		for a.More() {
			w := a.Next()
			if w != "limit" {
				return nil, usagef("What is %q?", w)
			}
			var n uint64
			var err error
			if kind == "bfifo" {
				var s string
				var sz uint32
				if s, err = a.Value(w); err == nil {
					sz, err = parseSize(w, s)
				}
				n = uint64(sz)
			} else {
				n, err = a.uintValue(w, 0, 32)
			}
			if err != nil {
				return nil, err
			}
			limit = new(uint32(n))
		}
		if limit == nil {
			// The kernel takes a limit from the link's queue length
			// only without options; tc sends none then, nor do we.
			return route.TcKindName(kind), nil
		}
		switch kind {
		case "pfifo":
			return &route.PfifoOptions{Limit: *limit}, nil
		case "bfifo":
			return &route.BfifoOptions{Limit: *limit}, nil
		}
		return &route.PfifoHeadDropOptions{Limit: *limit}, nil
	case "pfifo_fast":
		if a.More() {
			return nil, usagef("What is %q?", a.Next())
		}
		return route.TcKindName(kind), nil
	case "ingress":
		return &route.IngressOptions{}, nil
	case "clsact":
		return &route.ClsactOptions{}, nil
	}
	return nil, usagef("Unknown qdisc %q, hence option %q is unparsable", kind, strings.Join(a.Args, " "))
}

func parseHTB(a *argv) (route.TcKind, error) {
	o := route.NewHTB(0)
	for a.More() {
		w := a.Next()
		var n uint64
		var err error
		switch w {
		case "default":
			n, err = a.uintValue(w, 16, 32)
			o.Init.DefCls = uint32(n)
		case "r2q":
			n, err = a.uintValue(w, 0, 32)
			o.Init.Rate2Quantum = uint32(n)
		case "direct_qlen":
			n, err = a.uintValue(w, 0, 32)
			o.DirectQLen = new(uint32(n))
		case "offload":
			o.Offload = true
		default:
			return nil, usagef("What is %q?", w)
		}
		if err != nil {
			return nil, err
		}
	}
	return o, nil
}

func parseTBF(a *argv) (route.TcKind, error) {
	var rate, peak uint64
	var burst, limit, mtu, mpu, overhead uint32
	var latency float64
	haveLimit, haveLatency := false, false
	for a.More() {
		w := a.Next()
		s, err := a.Value(w)
		if err != nil {
			return nil, err
		}
		switch w {
		case "rate":
			rate, err = parseRate(w, s)
		case "peakrate":
			peak, err = parseRate(w, s)
		case "burst", "buffer", "maxburst":
			burst, err = parseSize(w, s)
		case "limit":
			limit, err = parseSize(w, s)
			haveLimit = true
		case "latency":
			latency, err = parseTime(w, s)
			haveLatency = true
		case "mtu", "minburst":
			mtu, err = parseSize(w, s)
		case "mpu":
			mpu, err = parseSize(w, s)
		case "overhead":
			overhead, err = parseSize(w, s)
		default:
			return nil, usagef("What is %q?", w)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case rate == 0 || burst == 0:
		return nil, usagef("tbf: both \"rate\" and \"burst\" are required.")
	case haveLimit == haveLatency:
		return nil, usagef("tbf: exactly one of \"limit\" and \"latency\" is required.")
	case peak != 0 && mtu == 0:
		return nil, usagef("tbf: when \"peakrate\" is given, \"mtu\" must be given too.")
	}
	if haveLatency {
		limit = uint32(float64(rate)*latency/1e6) + burst
		if peak != 0 {
			limit = min(limit, uint32(float64(peak)*latency/1e6)+mtu)
		}
	}
	o := route.NewTBF(rate, burst, limit)
	o.Parms.Rate.MPU, o.Parms.Rate.Overhead = uint16(mpu), uint16(overhead)
	if peak != 0 {
		o.Parms.MTU = route.XmitTicks(peak, mtu)
		o.Parms.PeakRate = route.RateSpec{LinkLayer: route.LinkLayerEthernet, MPU: uint16(mpu), Overhead: uint16(overhead)}
		if peak > 1<<32-1 {
			o.Parms.PeakRate.Rate, o.PRate64 = 1<<32-1, peak
		} else {
			o.Parms.PeakRate.Rate = uint32(peak)
		}
	}
	return o, nil
}

// qdiscShow lists qdiscs: `tc qdisc show [dev DEV]`.
func qdiscShow(cl *cli, a argv) error {
	var dev route.LinkRef
	for a.More() {
		w := a.Next()
		if w != "dev" {
			return usagef("What is %q? Try \"tc qdisc help\".", w)
		}
		s, err := a.Value(w)
		if err != nil {
			return err
		}
		dev = route.ByName(s)
	}
	qs, err := cl.conn.Client().QdiscList(cl.ctx, dev)
	if err != nil {
		return err
	}
	var objs []any
	var texts []string
	for _, q := range qs {
		j, text, err := cl.describeQdisc(q, dev.IsZero())
		if err != nil {
			return err
		}
		objs = append(objs, j)
		texts = append(texts, text)
	}
	return cl.print(objs, texts)
}

// qdiscJSON is one qdisc as `tc -j qdisc show` prints it.
type qdiscJSON struct {
	Kind    string  `json:"kind"`
	Handle  string  `json:"handle"`
	Dev     string  `json:"dev,omitempty"`
	Root    bool    `json:"root,omitempty"`
	Parent  string  `json:"parent,omitempty"`
	Refcnt  *uint32 `json:"refcnt,omitempty"`
	Options any     `json:"options"`
	*statsJSON
}

// statsJSON are the counters of `tc -s -j`.
type statsJSON struct {
	Bytes      uint64 `json:"bytes"`
	Packets    uint64 `json:"packets"`
	Drops      uint32 `json:"drops"`
	Overlimits uint32 `json:"overlimits"`
	Requeues   uint32 `json:"requeues"`
	Backlog    uint32 `json:"backlog"`
	QLen       uint32 `json:"qlen"`
}

// describeQdisc returns q as tc shows it in JSON and as text.
func (cl *cli) describeQdisc(q *route.Tc, withDev bool) (*qdiscJSON, string, error) {
	j := &qdiscJSON{Kind: q.Kind, Handle: fmt.Sprintf("%x:", q.Handle.Major())}
	var b strings.Builder
	fmt.Fprintf(&b, "qdisc %s %s ", j.Kind, j.Handle)
	if withDev {
		name, err := cl.devName(q.Index)
		if err != nil {
			return nil, "", err
		}
		j.Dev = name
		fmt.Fprintf(&b, "dev %s ", name)
	}
	if q.Parent == route.HandleRoot {
		j.Root = true
		b.WriteString("root ")
	} else {
		j.Parent = classID(q.Parent)
		fmt.Fprintf(&b, "parent %s ", j.Parent)
	}
	if q.Info != 1 {
		j.Refcnt = new(q.Info)
		fmt.Fprintf(&b, "refcnt %d ", q.Info)
	}
	opts, text := cl.qdiscOptions(q)
	j.Options = opts
	b.WriteString(text)
	b.WriteString("\n")
	if cl.stats {
		j.statsJSON = stats(q)
		b.WriteString(j.statsJSON.text())
	}
	return j, b.String(), nil
}

// text writes the counters as tc does.
func (s *statsJSON) text() string {
	return fmt.Sprintf(" Sent %d bytes %d pkt (dropped %d, overlimits %d requeues %d) \n backlog %s %dp requeues %d\n",
		s.Bytes, s.Packets, s.Drops, s.Overlimits, s.Requeues, formatSize(s.Backlog), s.QLen, s.Requeues)
}

// stats returns the counters of q, from TCA_STATS2 when the kernel sent it.
func stats(q *route.Tc) *statsJSON {
	s := &statsJSON{}
	if q.Stats2 != nil {
		if b := q.Stats2.Basic; b != nil {
			s.Bytes, s.Packets = b.Bytes, uint64(b.Packets)
		}
		if q.Stats2.Pkt64 != 0 {
			s.Packets = q.Stats2.Pkt64
		}
		if qs := q.Stats2.Queue; qs != nil {
			s.Drops, s.Overlimits, s.Requeues, s.Backlog, s.QLen = qs.Drops, qs.Overlimits, qs.Requeues, qs.Backlog, qs.QLen
		}
	} else if q.Stats != nil {
		st := q.Stats
		s.Bytes, s.Packets, s.Drops, s.Overlimits, s.Backlog, s.QLen = st.Bytes, uint64(st.Packets), st.Drops, st.Overlimits, st.Backlog, st.QLen
	}
	return s
}

// qdiscOptions returns the options of q as JSON and text.
func (cl *cli) qdiscOptions(q *route.Tc) (any, string) {
	switch o := q.Options.(type) {
	case *route.HTBOptions:
		return htbQdiscOptions(o, cl.Details)
	case *route.TBFOptions:
		return tbfOptions(o, cl.Details)
	case *route.PfifoOptions:
		return fifoJSON{o.Limit}, fmt.Sprintf("limit %dp", o.Limit)
	case *route.PfifoHeadDropOptions:
		return fifoJSON{o.Limit}, fmt.Sprintf("limit %dp", o.Limit)
	case *route.BfifoOptions:
		return fifoJSON{o.Limit}, "limit " + formatSize(o.Limit)
	case *route.PfifoFastOptions:
		return prioOptions((*route.PrioOptions)(o))
	case *route.PrioOptions:
		return prioOptions(o)
	case *route.IngressOptions:
		// tc has no printer for ingress, and marks that with dashes.
		return struct{}{}, "---------------- "
	}
	return struct{}{}, ""
}

type fifoJSON struct {
	Limit uint32 `json:"limit"`
}

// prioJSON are the options of prio and pfifo_fast. Multiqueue is true
// only with a TCA_PRIO_MQ attribute after the struct, which prio sends in
// multiqueue mode (not in this kernel's configuration, untested) and
// pfifo_fast never.
type prioJSON struct {
	Bands      int32   `json:"bands"`
	PrioMap    [16]int `json:"priomap"`
	Multiqueue bool    `json:"multiqueue"`
}

func prioOptions(o *route.PrioOptions) (any, string) {
	j := prioJSON{Bands: o.Bands}
	var b strings.Builder
	fmt.Fprintf(&b, "bands %d priomap", o.Bands)
	for i, p := range o.PrioMap {
		j.PrioMap[i] = int(p)
		fmt.Fprintf(&b, " %d", p)
	}
	return j, b.String()
}

type htbQdiscJSON struct {
	R2Q        uint32  `json:"r2q"`
	Default    string  `json:"default"`
	DirectPkts uint32  `json:"direct_packets_stat"`
	Ver        string  `json:"ver,omitempty"`
	DirectQLen *uint32 `json:"direct_qlen,omitempty"`
	Offload    *bool   `json:"offload,omitempty"`
}

func htbQdiscOptions(o *route.HTBOptions, details bool) (any, string) {
	j := htbQdiscJSON{DirectQLen: o.DirectQLen}
	var b strings.Builder
	if g := o.Init; g != nil {
		j.R2Q, j.Default, j.DirectPkts = g.Rate2Quantum, fmt.Sprintf("%#x", g.DefCls), g.DirectPkts
		fmt.Fprintf(&b, "r2q %d default %s direct_packets_stat %d", j.R2Q, j.Default, j.DirectPkts)
		if details {
			j.Ver = fmt.Sprintf("%d.%d", g.Version>>16, g.Version&0xffff)
			fmt.Fprintf(&b, " ver %s", j.Ver)
		}
	}
	if o.Offload {
		j.Offload = new(true)
		b.WriteString(" offload")
	}
	if o.DirectQLen != nil {
		fmt.Fprintf(&b, " direct_qlen %d", *o.DirectQLen)
	}
	return j, b.String()
}

type tbfJSON struct {
	Rate      uint64  `json:"rate"`
	Burst     any     `json:"burst"`
	MPU       *uint16 `json:"mpu,omitempty"`
	MinBurst  *uint32 `json:"minburst,omitempty"`
	Lat       *uint64 `json:"lat,omitempty"`
	Overhead  *uint16 `json:"overhead,omitempty"`
	LinkLayer string  `json:"linklayer,omitempty"`
}

var linkLayers = map[uint8]string{route.LinkLayerUnaware: "unaware", route.LinkLayerEthernet: "ethernet", route.LinkLayerATM: "atm"}

func tbfOptions(o *route.TBFOptions, details bool) (any, string) {
	p := o.Parms
	if p == nil {
		return struct{}{}, ""
	}
	rate, peak := o.Rate(), o.PeakRate()
	burst := route.XmitSize(rate, p.Buffer)
	j := tbfJSON{Rate: rate, Burst: burst}
	var b strings.Builder
	fmt.Fprintf(&b, "rate %s ", formatRate(rate))
	if details {
		j.Burst, j.MPU = fmt.Sprintf("%s/%d", formatSize(burst), 1<<p.Rate.CellLog), new(p.Rate.MPU)
		fmt.Fprintf(&b, "burst %s mpu %s ", j.Burst, formatSize(uint32(p.Rate.MPU)))
	} else {
		fmt.Fprintf(&b, "burst %s ", formatSize(burst))
	}
	var mtu uint32
	if peak != 0 {
		mtu = route.XmitSize(peak, p.MTU)
		fmt.Fprintf(&b, "peakrate %s ", formatRate(peak))
		if details {
			fmt.Fprintf(&b, "mtu %s/%d mpu %s ", formatSize(mtu), 1<<p.PeakRate.CellLog, formatSize(uint32(p.PeakRate.MPU)))
		} else {
			j.MinBurst = new(mtu)
			fmt.Fprintf(&b, "minburst %s ", formatSize(mtu))
		}
	}
	lat := 1e6*(float64(p.Limit)/float64(rate)) - float64(route.TicksMicroseconds(p.Buffer))
	if peak != 0 {
		lat = max(lat, 1e6*(float64(p.Limit)/float64(peak))-float64(route.TicksMicroseconds(p.MTU)))
	}
	if lat >= 0 {
		j.Lat = new(uint64(lat))
		fmt.Fprintf(&b, "lat %s ", formatTime(lat))
	}
	if p.Rate.Overhead != 0 {
		j.Overhead = new(p.Rate.Overhead)
		fmt.Fprintf(&b, "overhead %d ", p.Rate.Overhead)
	}
	if p.Rate.LinkLayer > route.LinkLayerEthernet || details {
		j.LinkLayer = linkLayers[p.Rate.LinkLayer]
		fmt.Fprintf(&b, "linklayer %s ", j.LinkLayer)
	}
	return j, b.String()
}
