package route

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// goldenBody is one message body of a testdata/route case, with the Go
// type route.Messages decodes it into.
type goldenBody struct {
	name string
	typ  reflect.Type // a struct type
	data []byte
	text string // nltag.Format of its first decoding
}

// goldenBodies returns the bodies of every testdata/route case whose type
// nltag decodes.
func goldenBodies(t *testing.T) []goldenBody {
	t.Helper()
	files, err := filepath.Glob("../testdata/route/*.hex")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	var out []goldenBody
	for _, file := range files {
		b, err := golden.ReadHex(file)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			m, err := Messages.Decode(raw)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			rt := reflect.TypeOf(m.Body)
			if rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
				continue // raw bodies, error messages
			}
			out = append(out, goldenBody{fmt.Sprintf("%s#%d", filepath.Base(file), i), rt.Elem(), raw.Data, nltag.Format(m.Body)})
			i++
		}
	}
	return out
}

// TestGoldenMixedOrder decodes the captured bodies of every case over and
// over, in shuffled orders, from several goroutines: each through one
// Decoder per goroutine (whose remembered type then alternates) into a
// value that still holds the previous body of its type, so that the
// records of recent shapes (decodeAttrs, keepUnknown), the type a Decoder
// remembers and the decoding of sub-messages in place all meet other
// shapes and types between two uses. Every decoding must re-encode to the
// captured bytes and print as the first one did.
func TestGoldenMixedOrder(t *testing.T) {
	bodies := goldenBodies(t)
	if len(bodies) < 20 {
		t.Fatalf("only %d bodies", len(bodies))
	}
	const goroutines, rounds = 4, 6
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- mixedRounds(bodies, rand.New(rand.NewPCG(uint64(g), 7)), rounds)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// mixedRounds is one goroutine of TestGoldenMixedOrder.
func mixedRounds(bodies []goldenBody, rng *rand.Rand, rounds int) error {
	var d nltag.Decoder
	reused := map[reflect.Type]reflect.Value{} // the last value of each type
	order := make([]int, len(bodies))
	for i := range order {
		order[i] = i
	}
	for r := range rounds {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			b := bodies[i]
			v := reflect.New(b.typ)
			if r%2 == 1 {
				if old, ok := reused[b.typ]; ok {
					v = old
				}
			}
			reused[b.typ] = v
			if err := d.Unmarshal(b.data, v.Interface()); err != nil {
				return fmt.Errorf("round %d, %s: %v", r, b.name, err)
			}
			if text := nltag.Format(v.Interface()); text != b.text {
				return fmt.Errorf("round %d, %s: decodes to\n%s\nfirst decoded to\n%s", r, b.name, text, b.text)
			}
			out, err := nltag.Marshal(v.Interface())
			if err != nil {
				return fmt.Errorf("round %d, %s: %v", r, b.name, err)
			}
			if !bytes.Equal(out, b.data) {
				return fmt.Errorf("round %d, %s: re-encodes to\n%x\nnot\n%x", r, b.name, out, b.data)
			}
		}
	}
	return nil
}
