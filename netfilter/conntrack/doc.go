// Package conntrack holds the connection tracking messages of nfnetlink
// (ctnetlink) as tagged structs, and a Client that lists, reads, creates,
// updates, deletes and flushes the kernel's connection tracking entries and
// receives its events: what conntrack(8) does.
//
// Every integer attribute of ctnetlink is in network byte order. The
// structs say so in their tags (`nla:"CTA_MARK,be32"`), and the codec turns
// the bytes around: this package holds no decoding or encoding code of its
// own.
package conntrack
