package netlink

// IfIndex is an interface index, the kernel's number for a network device.
// Every package of this module uses it for ifi_index and for the attributes
// that carry an index (IFLA_MASTER, RTA_OIF, NETDEV_A_DEV_IFINDEX ...), so
// that an index read from one message goes into another without conversion.
// 0 is no interface.
type IfIndex uint32
