//go:build !race

package membound

const raceEnabled = false
