package main

// The units of tc(8): rates, sizes and times, read and written as tc does.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// splitNumber splits "1.5mbit" into 1.5 and "mbit".
func splitNumber(s string) (float64, string, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(s)
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || n < 0 {
		return 0, "", false
	}
	return n, strings.ToLower(s[i:]), true
}

// rateUnits are bits per second per unit; "bps" units are bytes.
var rateUnits = map[string]float64{
	"": 1, "bit": 1, "kbit": 1e3, "mbit": 1e6, "gbit": 1e9, "tbit": 1e12,
	"kibit": 1 << 10, "mibit": 1 << 20, "gibit": 1 << 30, "tibit": 1 << 40,
	"bps": 8, "kbps": 8e3, "mbps": 8e6, "gbps": 8e9, "tbps": 8e12,
	"kibps": 8 << 10, "mibps": 8 << 20, "gibps": 8 << 30, "tibps": 8 << 40,
}

// parseRate reads a rate such as "1mbit" into bytes per second.
func parseRate(key, s string) (uint64, error) {
	n, unit, ok := splitNumber(s)
	scale, known := rateUnits[unit]
	if !ok || !known {
		return 0, usagef("Illegal %q %q", key, s)
	}
	r := n * scale / 8
	if r < 1 || r > math.MaxUint64/2 {
		return 0, usagef("Illegal %q %q", key, s)
	}
	return uint64(r), nil
}

// sizeUnits are bytes per unit.
var sizeUnits = map[string]float64{
	"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "g": 1 << 30, "gb": 1 << 30,
	"kbit": 1 << 7, "mbit": 1 << 17, "gbit": 1 << 27,
}

// parseSize reads a size such as "32kbit" (bytes unless a unit says else).
func parseSize(key, s string) (uint32, error) {
	n, unit, ok := splitNumber(s)
	scale, known := sizeUnits[unit]
	if !ok || !known || n*scale > math.MaxUint32 {
		return 0, usagef("Illegal %q %q", key, s)
	}
	return uint32(n * scale), nil
}

// timeUnits are microseconds per unit.
var timeUnits = map[string]float64{
	"": 1, "us": 1, "usec": 1, "usecs": 1,
	"ms": 1e3, "msec": 1e3, "msecs": 1e3,
	"s": 1e6, "sec": 1e6, "secs": 1e6,
}

// parseTime reads a time such as "400ms" into microseconds.
func parseTime(key, s string) (float64, error) {
	n, unit, ok := splitNumber(s)
	scale, known := timeUnits[unit]
	if !ok || !known {
		return 0, usagef("Illegal %q %q", key, s)
	}
	return n * scale, nil
}

// formatRate writes bytes per second as tc does: bits, in the largest
// unit of 1000 that leaves a whole number (or any below a million of it).
func formatRate(bytes uint64) string {
	units := []string{"", "K", "M", "G", "T"}
	r := bytes * 8
	i := 0
	for ; i < len(units)-1; i++ {
		if r < 1000 || r%1000 != 0 && r < 1000*1000 {
			break
		}
		r /= 1000
	}
	return fmt.Sprintf("%d%sbit", r, units[i])
}

// formatSize writes a size as tc does: in Mb or Kb when it is close to a
// whole number of them, else in bytes.
func formatSize(sz uint32) string {
	f := float64(sz)
	switch {
	case sz >= 1<<20 && math.Abs(math.RoundToEven(f/(1<<20))*(1<<20)-f) < 1024:
		return strconv.FormatFloat(math.RoundToEven(f/(1<<20)), 'g', -1, 64) + "Mb"
	case sz >= 1<<10 && math.Abs(math.RoundToEven(f/(1<<10))*(1<<10)-f) < 16:
		return strconv.FormatFloat(math.RoundToEven(f/(1<<10)), 'g', -1, 64) + "Kb"
	}
	return fmt.Sprintf("%db", sz)
}

// formatTime writes microseconds as tc does, to three significant digits.
func formatTime(us float64) string {
	switch {
	case us >= 1e6:
		return strconv.FormatFloat(us/1e6, 'g', 3, 64) + "s"
	case us >= 1e3:
		return strconv.FormatFloat(us/1e3, 'g', 3, 64) + "ms"
	}
	return fmt.Sprintf("%dus", uint64(us))
}
