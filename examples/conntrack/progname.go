//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// progname returns the command name of the process that holds the
// NETLINK_NETFILTER socket with port id port in this namespace, or "": the
// socket's inode from /proc/net/netlink, then the process whose
// descriptors include it.
func progname(port uint32) string {
	table, err := os.ReadFile("/proc/net/netlink")
	if err != nil {
		return ""
	}
	var inode string
	for line := range strings.Lines(string(table)) {
		// sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
		f := strings.Fields(line)
		if len(f) >= 10 && f[1] == "12" && f[2] == strconv.FormatUint(uint64(port), 10) {
			inode = f[9]
		}
	}
	if inode == "" {
		return ""
	}
	want := "socket:[" + inode + "]"
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range fds {
		if l, err := os.Readlink(fd); err == nil && l == want {
			comm, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(fd)), "comm"))
			if err != nil {
				return ""
			}
			return string(bytes.TrimSpace(comm))
		}
	}
	return ""
}
