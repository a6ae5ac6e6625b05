// Package route describes rtnetlink (NETLINK_ROUTE) messages as tagged Go
// structs for the nltag codec.
package route
