package nltag

import (
	"testing"
	"unsafe"
)

// zeroMem reads only the n bytes it is given (checkptr, under -race,
// fails on a pointer past an allocation), and finds a byte set anywhere.
func TestZeroMem(t *testing.T) {
	for _, n := range []int{1, 7, 8, 1023, 1024, 1025, 3000} {
		b := make([]byte, n)
		p := unsafe.Pointer(&b[0])
		if !zeroMem(p, uintptr(n)) {
			t.Fatalf("%d zero bytes: not zero", n)
		}
		for _, i := range []int{0, n / 2, n - 1} {
			b[i] = 1
			if zeroMem(p, uintptr(n)) {
				t.Fatalf("%d bytes, byte %d set: zero", n, i)
			}
			b[i] = 0
		}
	}
}
