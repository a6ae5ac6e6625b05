//go:build race

package membound

// The race detector allocates for its own bookkeeping and makes sync.Pool
// drop items at random, so measurements under it say nothing.
const raceEnabled = true
