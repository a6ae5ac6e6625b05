// Package unix holds what the portable packages of this module (netlink,
// conn, route, genl and the rest) need of golang.org/x/sys/unix: Linux's
// constants, the Errno type and the control-message layout. On Linux it
// takes them from x/sys/unix; elsewhere it defines them with their values
// on linux/amd64, so that those packages compile on every GOOS, where they
// can still encode and decode messages and run over a conn.Transport such
// as conntest's fake, though no kernel socket can be opened.
//
// Files that make system calls import x/sys/unix itself and build only on
// Linux. zlinux.go and zother.go are generated from the names the module's
// portable files use: after using a new one, run go generate here.
package unix

//go:generate go run gen.go
