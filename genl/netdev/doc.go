// Package netdev holds the messages of the netdev generic netlink family as
// tagged structs, and a Client: what devices offer to XDP and AF_XDP, their
// queues, NAPI instances and queue statistics, and notifications of devices
// coming and going (the MgmtGroup multicast group).
package netdev
