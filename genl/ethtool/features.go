package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/nltag"
)

// Features is the body of ETHTOOL_MSG_FEATURES_GET, FEATURES_SET, their
// replies and notification: the offloads and other features of a device,
// what `ethtool -k DEV` shows. Each is a bit set indexed like the
// SSFeatures string set; the kernel sends HW with a mask of every feature,
// the others without masks.
//
// A FEATURES_SET request gives Wanted, with a mask (see NewBitset); its
// reply gives Wanted as the features requested but not granted and Active
// as the features that changed.
type Features struct {
	genl.Header
	_   nltag.Set `nla:"ethtool-features"`
	Dev *Dev      `nla:"ETHTOOL_A_FEATURES_HEADER"`
	// HW is the features that may be changed.
	HW *Bitset `nla:"ETHTOOL_A_FEATURES_HW"`
	// Wanted is the features asked for.
	Wanted *Bitset `nla:"ETHTOOL_A_FEATURES_WANTED"`
	// Active is the features in effect.
	Active *Bitset `nla:"ETHTOOL_A_FEATURES_ACTIVE"`
	// NoChange is the features that can never change.
	NoChange *Bitset `nla:"ETHTOOL_A_FEATURES_NOCHANGE"`
	Wire     nltag.Wire
}

// Feature is the state of one feature, as `ethtool -k` shows it.
type Feature struct {
	Name string
	// Active is whether the feature is on; Wanted whether it was asked
	// for, which differs when its requirements are not met.
	Active, Wanted bool
	// Fixed is whether the feature cannot be changed.
	Fixed bool
}

// List returns the state of every feature, given their names: the
// SSFeatures string set (see Client.Strings). The features with an empty
// name are left out.
func (f *Features) List(names []string) []Feature {
	var out []Feature
	for i, name := range names {
		if name == "" {
			continue
		}
		bit := uint32(i)
		out = append(out, Feature{
			Name:   name,
			Active: f.Active.Test(bit),
			Wanted: f.Wanted.Test(bit),
			Fixed:  !f.HW.Test(bit) || f.NoChange.Test(bit),
		})
	}
	return out
}
