package main

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const classUsage = `Usage: tc class [ add | del | change | replace | show ] dev STRING
       [ classid CLASSID ] [ root | parent CLASSID ]
       [ htb OPTIONS ]
       tc class show dev STRING [ classid CLASSID ]
where  htb OPTIONS := rate RATE [ ceil RATE ] [ burst BYTES ] [ cburst BYTES ]
                      [ prio NUMBER ] [ quantum BYTES ]
`

func classCmd(cl *cli, args []string) error {
	return runObject(cl, "class", args, parseClass, classShow, map[string]tcMethod{
		"add": (*route.Client).ClassAdd, "replace": (*route.Client).ClassReplace, "change": (*route.Client).ClassChange,
		"delete": (*route.Client).ClassDel, "del": (*route.Client).ClassDel,
	})
}

// parseClass reads what follows `tc class add`.
func parseClass(a argv) (route.LinkRef, *route.TcOptions, error) {
	return parseTc(a, "classid", func(w string, a *argv, o *route.TcOptions) (err error) {
		if w != "htb" {
			return usagef("Unknown class %q, hence option %q is unparsable", w, strings.Join(a.Args, " "))
		}
		o.Kind, err = parseHTBClass(a)
		return err
	})
}

func parseHTBClass(a *argv) (route.TcKind, error) {
	var rate, ceil uint64
	var burst, cburst, quantum uint32
	var prio uint64
	for a.More() {
		w := a.Next()
		s, err := a.Value(w)
		if err != nil {
			return nil, err
		}
		switch w {
		case "rate":
			rate, err = parseRate(w, s)
		case "ceil":
			ceil, err = parseRate(w, s)
		case "burst", "buffer", "maxburst":
			burst, err = parseSize(w, s)
		case "cburst", "cbuffer", "cmaxburst":
			cburst, err = parseSize(w, s)
		case "quantum":
			quantum, err = parseSize(w, s)
		case "prio":
			prio, err = parseUint(w, s, 0, 32)
		default:
			return nil, usagef("What is %q?", w)
		}
		if err != nil {
			return nil, err
		}
	}
	if rate == 0 {
		return nil, usagef("htb: \"rate\" is required.")
	}
	o := route.HTBClass(rate, ceil, burst, cburst)
	o.Parms.Prio, o.Parms.Quantum = uint32(prio), quantum
	return o, nil
}

// classShow lists the classes of a link: `tc class show dev DEV`.
func classShow(cl *cli, a argv) error {
	var dev route.LinkRef
	var id *route.Handle
	for a.More() {
		w := a.Next()
		var err error
		switch w {
		case "dev":
			var s string
			s, err = a.Value(w)
			dev = route.ByName(s)
		case "classid":
			var h route.Handle
			h, err = a.handle(w)
			id = &h
		default:
			err = usagef("What is %q? Try \"tc class help\".", w)
		}
		if err != nil {
			return err
		}
	}
	if dev.IsZero() {
		return usagef("Need \"dev\" argument")
	}
	cs, err := cl.conn.Client().ClassList(cl.ctx, dev)
	if err != nil {
		return err
	}
	var objs []any
	var texts []string
	for _, c := range cs {
		if id != nil && c.Handle != *id {
			continue
		}
		j, text := cl.describeClass(c)
		objs = append(objs, j)
		texts = append(texts, text)
	}
	return cl.print(objs, texts)
}

// classJSON is one class as JSON, with tc's key names. (tc 6.1 prints
// htb classes as text even with -j.)
type classJSON struct {
	Class   string  `json:"class"`
	Handle  string  `json:"handle"`
	Root    bool    `json:"root,omitempty"`
	Parent  string  `json:"parent,omitempty"`
	Leaf    string  `json:"leaf,omitempty"`
	Prio    *uint32 `json:"prio,omitempty"`
	Quantum *uint32 `json:"quantum,omitempty"`
	Rate    uint64  `json:"rate"`
	Ceil    uint64  `json:"ceil"`
	Burst   uint32  `json:"burst"`
	CBurst  uint32  `json:"cburst"`
	Level   *uint32 `json:"level,omitempty"`
	*statsJSON
}

// describeClass returns c as JSON and as tc's text.
func (cl *cli) describeClass(c *route.Tc) (*classJSON, string) {
	j := &classJSON{Class: c.Kind, Handle: classID(c.Handle)}
	var b strings.Builder
	fmt.Fprintf(&b, "class %s %s ", j.Class, j.Handle)
	if c.Parent == route.HandleRoot {
		j.Root = true
		b.WriteString("root ")
	} else {
		j.Parent = classID(c.Parent)
		fmt.Fprintf(&b, "parent %s ", j.Parent)
	}
	if c.Info != 0 {
		j.Leaf = fmt.Sprintf("%x:", c.Info>>16)
		fmt.Fprintf(&b, "leaf %s ", j.Leaf)
	}
	if o, ok := c.Options.(*route.HTBOptions); ok && o.Parms != nil {
		p := o.Parms
		if p.Level == 0 {
			j.Prio = new(p.Prio)
			fmt.Fprintf(&b, "prio %d ", p.Prio)
			if cl.Details {
				j.Quantum = new(p.Quantum)
				fmt.Fprintf(&b, "quantum %d ", p.Quantum)
			}
		}
		j.Rate, j.Ceil = o.Rate(), o.Ceil()
		j.Burst, j.CBurst = route.XmitSize(j.Rate, p.Buffer), route.XmitSize(j.Ceil, p.CBuffer)
		fmt.Fprintf(&b, "rate %s ", formatRate(j.Rate))
		if p.Rate.Overhead != 0 {
			fmt.Fprintf(&b, "overhead %d ", p.Rate.Overhead)
		}
		fmt.Fprintf(&b, "ceil %s ", formatRate(j.Ceil))
		if p.Rate.LinkLayer > route.LinkLayerEthernet || cl.Details {
			fmt.Fprintf(&b, "linklayer %s ", linkLayers[p.Rate.LinkLayer])
		}
		if cl.Details {
			j.Level = new(p.Level)
			fmt.Fprintf(&b, "burst %s/%d mpu %s cburst %s/%d mpu %s level %d ",
				formatSize(j.Burst), 1<<p.Rate.CellLog, formatSize(uint32(p.Rate.MPU)),
				formatSize(j.CBurst), 1<<p.Ceil.CellLog, formatSize(uint32(p.Ceil.MPU)), p.Level)
		} else {
			fmt.Fprintf(&b, "burst %s cburst %s ", formatSize(j.Burst), formatSize(j.CBurst))
		}
	}
	b.WriteString("\n")
	if cl.stats {
		j.statsJSON = stats(c)
		b.WriteString(j.statsJSON.text())
	}
	return j, b.String()
}
