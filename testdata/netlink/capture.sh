#!/bin/sh
# Captures the kernel's answer to an iproute2 command, as iproute2 receives
# it, through strace's hex dump: a witness independent of this library. The
# last datagram iproute2 reads on its socket (fd 3) is kept. Run as root: each
# capture runs in a throwaway network namespace.
#   ./capture.sh        rewrites every capture below
set -eu
cd "$(dirname "$0")"

capture() { # NAME COMMENT SETUP COMMAND
	unshare -n sh -c "$3; strace -f -e trace=recvmsg -e read=3 -s 100000 $4 2>&1 >/dev/null || true" |
		awk '/^ \* [0-9]+ bytes in buffer/ { buf = ""; next } /^ \| [0-9a-f]/ { buf = buf substr($0, 11, 48) } END { print buf }' |
		tr -d ' \n' > "$1.tmp"
	{ echo "# $2"; echo "# kernel $(uname -r), captured by capture.sh"; fold -w 64 "$1.tmp"; echo; } > "$1.hex"
	rm -f "$1.tmp"
}

capture error-extack "NLMSG_ERROR EINVAL with extended ACK text: ip link set v0 mtu 10 (veth)" \
	"ip link add v0 type veth peer name v1" "ip link set v0 mtu 10"
capture error-eexist "NLMSG_ERROR EEXIST echoing the request: ip link add dev lo type veth peer name x1" \
	"ip link set lo up" "ip link add dev lo type veth peer name x1"
capture ack "NLMSG_ERROR with error 0 (an ACK): ip link set v0 mtu 1400 (veth)" \
	"ip link add v0 type veth peer name v1" "ip link set v0 mtu 1400"
