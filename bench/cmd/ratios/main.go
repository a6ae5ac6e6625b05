// Command ratios reads the output of the bench module's benchmarks (several
// runs of each) and prints, as Markdown, the medians with their 95%
// confidence intervals and the ratios the project's targets are stated in:
// ours ÷ each peer, ours ÷ the raw floor. The statistics are benchstat's own
// (golang.org/x/perf/benchmath: median, distribution-free interval,
// Mann-Whitney U test).
//
//	go run ./cmd/ratios results.txt
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// key identifies the samples of one measurement: Decode/dump=routes/lib=x
// in unit sec/msg is {"Decode", "routes", "x", "sec/msg"}.
type key struct {
	bench, what, lib, unit string
}

type data struct {
	samples map[key][]float64
	libs    map[string][]string // bench -> libs in order of appearance
	whats   map[string][]string // bench -> dumps or requests in order
}

func load(r io.Reader, name string) (*data, error) {
	d := &data{samples: map[key][]float64{}, libs: map[string][]string{}, whats: map[string][]string{}}
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		base, parts := res.Name.Parts()
		k := key{bench: string(base)}
		for _, p := range parts {
			kv := strings.TrimPrefix(string(p), "/")
			switch {
			case strings.HasPrefix(kv, "dump="):
				k.what = strings.TrimPrefix(kv, "dump=")
			case strings.HasPrefix(kv, "req="):
				k.what = strings.TrimPrefix(kv, "req=")
			case strings.HasPrefix(kv, "lib="):
				k.lib = strings.TrimPrefix(kv, "lib=")
			}
		}
		if k.lib == "" {
			continue
		}
		d.libs[k.bench] = appendNew(d.libs[k.bench], k.lib)
		d.whats[k.bench] = appendNew(d.whats[k.bench], k.what)
		for _, v := range res.Values {
			k.unit = v.Unit
			d.samples[k] = append(d.samples[k], v.Value)
		}
	}
	return d, br.Err()
}

func appendNew(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

var thresholds = benchmath.DefaultThresholds

func (d *data) sample(k key) *benchmath.Sample {
	v := d.samples[k]
	if len(v) == 0 {
		return nil
	}
	return benchmath.NewSample(append([]float64(nil), v...), &thresholds)
}

// center returns the median of a measurement, NaN if there is none.
func (d *data) center(k key) float64 {
	s := d.sample(k)
	if s == nil {
		return math.NaN()
	}
	return benchmath.AssumeNothing.Summary(s, 0.95).Center
}

// cell formats a median with its confidence interval, as benchstat does.
func (d *data) cell(k key) string {
	s := d.sample(k)
	if s == nil {
		return "—"
	}
	sum := benchmath.AssumeNothing.Summary(s, 0.95)
	return formatValue(sum.Center, k.unit) + " ± " + strings.TrimPrefix(sum.PctRangeString(), "±")
}

func formatValue(v float64, unit string) string {
	switch {
	case strings.HasPrefix(unit, "sec/"):
		ns := v * 1e9
		switch {
		case ns >= 1e6:
			return fmt.Sprintf("%.2f ms", ns/1e6)
		case ns >= 1e3:
			return fmt.Sprintf("%.2f µs", ns/1e3)
		default:
			return fmt.Sprintf("%.0f ns", ns)
		}
	case strings.HasPrefix(unit, "B/"):
		switch {
		case v >= 1<<20:
			return fmt.Sprintf("%.1f MiB", v/(1<<20))
		case v >= 1<<10:
			return fmt.Sprintf("%.1f KiB", v/(1<<10))
		}
		return fmt.Sprintf("%.0f B", v)
	}
	if v >= 100 || v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// ratio is a ÷ b of the medians, with the Mann-Whitney p-value of the
// difference when the samples allow one; "~" marks a ratio whose
// difference is not significant at α = 0.05.
func (d *data) ratio(a, b key) (float64, string) {
	ca, cb := d.center(a), d.center(b)
	if math.IsNaN(ca) || math.IsNaN(cb) {
		return math.NaN(), "—"
	}
	if cb == 0 {
		if ca == 0 {
			return 1, "1.00"
		}
		return math.Inf(1), "∞"
	}
	r := ca / cb
	s := fmt.Sprintf("%.2f", r)
	if r < 0.1 {
		s = fmt.Sprintf("%.3f", r)
	}
	sa, sb := d.sample(a), d.sample(b)
	if strings.HasPrefix(a.unit, "sec/") && len(sa.Values) > 1 && len(sb.Values) > 1 {
		c := benchmath.AssumeNothing.Compare(sa, sb)
		if c.P >= c.Alpha {
			s += " ~"
		}
	}
	return r, s
}

// paired is the median, over rounds, of a ÷ b measured in the same round
// (run.sh's rounds run every benchmark once, so the i-th sample of each
// benchmark comes from round i), with the smallest and largest of them. It
// cancels the drift of the machine's load between rounds, which ratios of
// medians do not. ok is false when the samples do not pair up.
func (d *data) paired(a, b key) (med, lo, hi float64, ok bool) {
	va, vb := d.samples[a], d.samples[b]
	if len(va) == 0 || len(va) != len(vb) {
		return 0, 0, 0, false
	}
	rs := make([]float64, len(va))
	for i := range va {
		if vb[i] == 0 {
			return 0, 0, 0, false
		}
		rs[i] = va[i] / vb[i]
	}
	sort.Float64s(rs)
	n := len(rs)
	med = rs[n/2]
	if n%2 == 0 {
		med = (rs[n/2-1] + rs[n/2]) / 2
	}
	return med, rs[0], rs[n-1], true
}

// pairedCell formats paired as "0.61 (0.55–0.70)".
func (d *data) pairedCell(a, b key) string {
	med, lo, hi, ok := d.paired(a, b)
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.2f (%.2f–%.2f)", med, lo, hi)
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ratios results.txt")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	d, err := load(f, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out bytes.Buffer
	var verdicts []string
	verdicts = append(verdicts, d.decode(&out)...)
	d.encode(&out)
	verdicts = append(verdicts, d.list(&out)...)
	if len(verdicts) > 0 {
		fmt.Fprintln(&out, "### Targets")
		fmt.Fprintln(&out)
		for _, v := range verdicts {
			fmt.Fprintln(&out, "- "+v)
		}
		fmt.Fprintln(&out)
	}
	os.Stdout.Write(out.Bytes())
}

// peersOf returns the peers ours is held against: those that decode as
// it does, into values made before timing or into a new value per message
// (vishvananda's decoder makes its own).
func peersOf(ours string) []string {
	if ours == "ours-new" || ours == "ours-table" {
		return []string{"jsimonetti-new", "vishvananda"}
	}
	return []string{"jsimonetti", "vishvananda"}
}

func isOurs(lib string) bool { return strings.HasPrefix(lib, "ours") }

func (d *data) runs() int {
	n := 0
	for _, v := range d.samples {
		n = max(n, len(v))
	}
	return n
}

func (d *data) decode(w io.Writer) []string {
	const b = "Decode"
	if len(d.libs[b]) == 0 {
		return nil
	}
	fmt.Fprintf(w, "### Decode: the same captured datagrams through each library's decoder\n\n")
	fmt.Fprintf(w, "Per message, median of %d runs ± the 95%% confidence interval.\n\n", d.runs())
	fmt.Fprintln(w, "| dump | library | time/msg | B/msg | allocs/msg |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: |")
	for _, what := range d.whats[b] {
		for _, lib := range d.libs[b] {
			k := key{b, what, lib, "sec/msg"}
			if d.sample(k) == nil {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", what, lib, d.cell(k),
				formatValue(d.center(key{b, what, lib, "B/msg"}), "B/msg"),
				formatValue(d.center(key{b, what, lib, "allocs/msg"}), "allocs/msg"))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Ratios ours ÷ peer (below 1: ours is faster or allocates less). time: ratio of the medians, \"~\" when")
	fmt.Fprintln(w, "the difference is not significant (Mann-Whitney, p ≥ 0.05); paired: the median of the ratios measured")
	fmt.Fprintln(w, "within each round (smallest–largest), which cancels load drift between rounds. cpu: the same in the")
	fmt.Fprintln(w, "process's CPU time, which also counts the collection a library's garbage costs (wall time hides it")
	fmt.Fprintln(w, "when the collector runs on an idle core).")
	fmt.Fprintln(w, "The target is ≤ 0.50 in time and ≤ 0.50 in allocations against the fastest peer.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| dump | ours | peer | time | time, paired | cpu | cpu, paired | allocs | bytes |")
	fmt.Fprintln(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	var verdicts []string
	for _, what := range d.whats[b] {
		for _, ours := range d.libs[b] {
			if !isOurs(ours) || d.sample(key{b, what, ours, "sec/msg"}) == nil {
				continue
			}
			fastest, best := "", math.Inf(1)
			for _, p := range peersOf(ours) {
				if d.sample(key{b, what, p, "sec/msg"}) == nil {
					continue
				}
				if c := d.center(key{b, what, p, "sec/msg"}); c < best {
					fastest, best = p, c
				}
			}
			for _, p := range peersOf(ours) {
				if d.sample(key{b, what, p, "sec/msg"}) == nil {
					continue
				}
				_, ts := d.ratio(key{b, what, ours, "sec/msg"}, key{b, what, p, "sec/msg"})
				_, as := d.ratio(key{b, what, ours, "allocs/msg"}, key{b, what, p, "allocs/msg"})
				_, bs := d.ratio(key{b, what, ours, "B/msg"}, key{b, what, p, "B/msg"})
				pc := d.pairedCell(key{b, what, ours, "sec/msg"}, key{b, what, p, "sec/msg"})
				_, cs := d.ratio(key{b, what, ours, cpuUnit}, key{b, what, p, cpuUnit})
				cc := d.pairedCell(key{b, what, ours, cpuUnit}, key{b, what, p, cpuUnit})
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", what, ours, p, ts, pc, cs, cc, as, bs)
			}
			if fastest == "" {
				continue
			}
			tr, ts := d.ratio(key{b, what, ours, "sec/msg"}, key{b, what, fastest, "sec/msg"})
			pc := d.pairedCell(key{b, what, ours, "sec/msg"}, key{b, what, fastest, "sec/msg"})
			ar, as := d.ratio(key{b, what, ours, "allocs/msg"}, key{b, what, fastest, "allocs/msg"})
			_, cs := d.ratio(key{b, what, ours, cpuUnit}, key{b, what, fastest, cpuUnit})
			verdicts = append(verdicts, fmt.Sprintf("decode %s, %s against the fastest peer (%s): time %s (paired %s; cpu %s), allocations %s: %s",
				what, ours, fastest, ts, pc, cs, as, met(tr <= 0.5 && ar <= 0.5)))
		}
		// The table path against the direct one it wraps (issue 16).
		tk, nk := key{b, what, "ours-table", "sec/msg"}, key{b, what, "ours-new", "sec/msg"}
		if d.sample(tk) != nil && d.sample(nk) != nil {
			r, s := d.ratio(tk, nk)
			verdicts = append(verdicts, fmt.Sprintf("decode %s, ours-table ÷ ours-new: %s (paired %s; target ≤ 1.15): %s",
				what, s, d.pairedCell(tk, nk), met(r <= 1.15)))
		}
	}
	fmt.Fprintln(w)
	return verdicts
}

// cpuUnit is perMsg's cpu-ns/msg as benchfmt reads it.
const cpuUnit = "cpu-sec/msg"

func met(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

func (d *data) encode(w io.Writer) {
	const b = "Encode"
	if len(d.libs[b]) == 0 {
		return
	}
	fmt.Fprintf(w, "### Encode: building the veth link-add request\n\n")
	fmt.Fprintln(w, "| request | library | time/op | B/op | allocs/op | time ours ÷ lib | allocs ours ÷ lib |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, what := range d.whats[b] {
		for _, lib := range d.libs[b] {
			k := key{b, what, lib, "sec/op"}
			if d.sample(k) == nil {
				continue
			}
			ts, as := "", ""
			if !isOurs(lib) {
				_, ts = d.ratio(key{b, what, "ours", "sec/op"}, k)
				_, as = d.ratio(key{b, what, "ours", "allocs/op"}, key{b, what, lib, "allocs/op"})
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", what, lib, d.cell(k),
				formatValue(d.center(key{b, what, lib, "B/op"}), "B/op"),
				formatValue(d.center(key{b, what, lib, "allocs/op"}), "allocs/op"), ts, as)
		}
	}
	fmt.Fprintln(w)
}

func (d *data) list(w io.Writer) []string {
	const b = "List"
	if len(d.libs[b]) == 0 {
		return nil
	}
	fmt.Fprintf(w, "### List: live dump and decode in the namespace, through each library's own list call\n\n")
	fmt.Fprintf(w, "Per list, median of %d runs ± the 95%% confidence interval. raw is the floor: a bare socket that decodes nothing.\n\n", d.runs())
	fmt.Fprintln(w, "| dump | library | time/op | B/op | allocs/op | ÷ raw | ÷ raw, paired | ours ÷ lib |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	var verdicts []string
	for _, what := range d.whats[b] {
		for _, lib := range d.libs[b] {
			k := key{b, what, lib, "sec/op"}
			if d.sample(k) == nil {
				continue
			}
			_, vsRaw := d.ratio(k, key{b, what, "raw", "sec/op"})
			oursVs := ""
			if !isOurs(lib) {
				_, oursVs = d.ratio(key{b, what, "ours", "sec/op"}, k)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", what, lib, d.cell(k),
				formatValue(d.center(key{b, what, lib, "B/op"}), "B/op"),
				formatValue(d.center(key{b, what, lib, "allocs/op"}), "allocs/op"), vsRaw,
				d.pairedCell(k, key{b, what, "raw", "sec/op"}), oursVs)
		}
		if what != "routes" {
			continue
		}
		libs := append([]string(nil), d.libs[b]...)
		sort.Strings(libs)
		for _, lib := range libs {
			if !isOurs(lib) || d.sample(key{b, what, lib, "sec/op"}) == nil {
				continue
			}
			r, s := d.ratio(key{b, what, lib, "sec/op"}, key{b, what, "raw", "sec/op"})
			pc := d.pairedCell(key{b, what, lib, "sec/op"}, key{b, what, "raw", "sec/op"})
			verdicts = append(verdicts, fmt.Sprintf("live list of %s, %s ÷ raw: %s (paired %s; target ≤ 1.25): %s", what, lib, s, pc, met(r <= 1.25)))
		}
	}
	fmt.Fprintln(w)
	return verdicts
}
