// Package ethtool holds the messages of the ethtool generic netlink family
// as tagged structs, and a Client for the common requests: link settings
// (LinkInfo, LinkModes, LinkState), features, rings, channels and string
// sets, what the ethtool program shows.
//
// Every message carries a Dev header that names the device (ByName,
// ByIndex) and takes flags; bit sets, such as features and link modes,
// come as lists of named bits unless FlagCompactBitsets asks for bit maps.
// Requests and replies are numbered apart: MsgLinkInfoGet is answered by
// MsgLinkInfoGetReply, and Messages decodes both directions.
//
// Attributes whose zero value is meaningful (port TP, half duplex, a count
// of 0) are pointers, nil when absent; build them with new(value).
package ethtool
