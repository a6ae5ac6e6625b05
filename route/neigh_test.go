package route

import "testing"

func FuzzNeighbour(f *testing.F) { fuzzRouteBody[Neighbour](f, "neigh-") }

func TestNeighNames(t *testing.T) {
	for got, want := range map[string]string{
		(NUDNoARP | NUDPermanent).String(): "NUD_NOARP|NUD_PERMANENT",
		NUDNone.String():                   "0",
		(NTFSelf | NTFRouter).String():     "NTF_SELF|NTF_ROUTER",
		NTFExtManaged.String():             "NTF_EXT_MANAGED",
		TypeUnicast.String():               "RTN_UNICAST",
		RouteType(200).String():            "200",
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
