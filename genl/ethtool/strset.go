package ethtool

import (
	"fmt"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Strset is the body of ETHTOOL_MSG_STRSET_GET and its reply: the string
// sets that name bits and statistics, such as the names of features. A
// request lists the sets it wants by ID (all of them if none); sets that do
// not depend on a device need no Dev.
type Strset struct {
	genl.Header
	_          nltag.Set   `nla:"ethtool-strset"`
	Dev        *Dev        `nla:"ETHTOOL_A_STRSET_HEADER"`
	StringSets *StringSets `nla:"ETHTOOL_A_STRSET_STRINGSETS"`
	// CountsOnly asks for the sizes of the sets, not their strings.
	CountsOnly bool `nla:"ETHTOOL_A_STRSET_COUNTS_ONLY"`
	Wire       nltag.Wire
}

// StringSets is a list of string sets.
type StringSets struct {
	_    nltag.Set   `nla:"ethtool-stringsets"`
	Sets []StringSet `nla:"ETHTOOL_A_STRINGSETS_STRINGSET,multi"`
	Wire nltag.Wire
}

// StringSet is one string set: its id, size and strings.
type StringSet struct {
	_       nltag.Set    `nla:"ethtool-stringset"`
	ID      StringSetID  `nla:"ETHTOOL_A_STRINGSET_ID"`
	Count   uint32       `nla:"ETHTOOL_A_STRINGSET_COUNT,omitempty"`
	Strings []StringList `nla:"ETHTOOL_A_STRINGSET_STRINGS,multi"`
	Wire    nltag.Wire
}

// StringList holds strings of a set.
type StringList struct {
	_       nltag.Set `nla:"ethtool-strings"`
	Strings []String  `nla:"ETHTOOL_A_STRINGS_STRING,multi"`
	Wire    nltag.Wire
}

// String is one string of a set, with its index: the bit or statistic it
// names.
type String struct {
	_     nltag.Set `nla:"ethtool-string"`
	Index uint32    `nla:"ETHTOOL_A_STRING_INDEX"`
	Value string    `nla:"ETHTOOL_A_STRING_VALUE"`
	Wire  nltag.Wire
}

// List returns the set's strings by index, Count long (or as long as the
// highest index present needs); indices the kernel gave no string for are
// empty. The kernel sends every string of a set, so a correct reply gives
// exactly Count strings.
//
// Count and the indices come from the wire, and a message of a few dozen
// bytes can claim billions of strings. So that what List allocates follows
// the input, the list is never longer than twice the strings present: a
// longer Count shortens it, and a string whose index lies beyond that is
// left out. A reply to a CountsOnly request, holding no strings, gives an
// empty list: read Count instead. Client.Strings reports a set that List
// cannot give in full as an error.
func (s *StringSet) List() []string {
	out, _ := s.list()
	return out
}

// list is List, with an error naming what it left out and where.
func (s *StringSet) list() ([]string, error) {
	present, want := 0, uint64(s.Count)
	for _, l := range s.Strings {
		present += len(l.Strings)
		for _, str := range l.Strings {
			want = max(want, uint64(str.Index)+1)
		}
	}
	// Twice the strings present leaves room for the gaps of hand-made
	// sets; the kernel leaves none.
	n := min(want, 2*uint64(present))
	out := make([]string, n)
	var err error
	if uint64(s.Count) > n {
		err = fmt.Errorf("ethtool: string set %v claims %d strings and holds %d", s.ID, s.Count, present)
	}
	for i, l := range s.Strings {
		for j, str := range l.Strings {
			if uint64(str.Index) < n {
				out[str.Index] = str.Value
			} else if err == nil {
				err = fmt.Errorf("ethtool: string set %v: string %d of list %d has index %d, beyond twice the %d strings it holds", s.ID, j, i, str.Index, present)
			}
		}
	}
	return out, err
}

// StringSetID identifies a string set (ETH_SS_*).
type StringSetID uint32

// String sets of linux/ethtool.h.
const (
	SSTest             StringSetID = 0  // self-test results
	SSStats            StringSetID = 1  // driver statistics
	SSPrivFlags        StringSetID = 2  // driver private flags
	SSFeatures         StringSetID = 4  // device features
	SSRSSHashFuncs     StringSetID = 5  // RSS hash functions
	SSTunables         StringSetID = 6  // tunables
	SSPHYStats         StringSetID = 7  // PHY statistics
	SSPHYTunables      StringSetID = 8  // PHY tunables
	SSLinkModes        StringSetID = 9  // link modes
	SSMsgClasses       StringSetID = 10 // debug message classes
	SSWoLModes         StringSetID = 11 // wake-on-LAN modes
	SSSOFTimestamping  StringSetID = 12 // SOF_TIMESTAMPING_* flags
	SSTSTxTypes        StringSetID = 13 // timestamping transmit types
	SSTSRxFilters      StringSetID = 14 // timestamping receive filters
	SSUDPTunnelTypes   StringSetID = 15 // UDP tunnel types
	SSStatsStd         StringSetID = 16 // standard statistics groups
	SSStatsEthPHY      StringSetID = 17 // IEEE 802.3 PHY statistics
	SSStatsEthMAC      StringSetID = 18 // IEEE 802.3 MAC statistics
	SSStatsEthCtrl     StringSetID = 19 // IEEE 802.3 MAC control statistics
	SSStatsRMON        StringSetID = 20 // RMON statistics
	ssNtupleFiltersOld StringSetID = 3  // no longer used
)

var stringSetIDs = netlink.NewEnum(map[StringSetID]string{
	SSTest: "ETH_SS_TEST", SSStats: "ETH_SS_STATS", SSPrivFlags: "ETH_SS_PRIV_FLAGS",
	ssNtupleFiltersOld: "ETH_SS_NTUPLE_FILTERS", SSFeatures: "ETH_SS_FEATURES",
	SSRSSHashFuncs: "ETH_SS_RSS_HASH_FUNCS", SSTunables: "ETH_SS_TUNABLES",
	SSPHYStats: "ETH_SS_PHY_STATS", SSPHYTunables: "ETH_SS_PHY_TUNABLES",
	SSLinkModes: "ETH_SS_LINK_MODES", SSMsgClasses: "ETH_SS_MSG_CLASSES",
	SSWoLModes: "ETH_SS_WOL_MODES", SSSOFTimestamping: "ETH_SS_SOF_TIMESTAMPING",
	SSTSTxTypes: "ETH_SS_TS_TX_TYPES", SSTSRxFilters: "ETH_SS_TS_RX_FILTERS",
	SSUDPTunnelTypes: "ETH_SS_UDP_TUNNEL_TYPES", SSStatsStd: "ETH_SS_STATS_STD",
	SSStatsEthPHY: "ETH_SS_STATS_ETH_PHY", SSStatsEthMAC: "ETH_SS_STATS_ETH_MAC",
	SSStatsEthCtrl: "ETH_SS_STATS_ETH_CTRL", SSStatsRMON: "ETH_SS_STATS_RMON",
})

// String returns the set's name, such as "ETH_SS_FEATURES".
func (id StringSetID) String() string { return stringSetIDs.Format(id) }
