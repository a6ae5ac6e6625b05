#!/bin/sh
# Captures the kernel's RTM_NEWLINK reply for a veth link, as iproute2 receives
# it, through strace's hex dump: a witness independent of this library.
# Run as root; it works in a throwaway network namespace.
set -eu
out=${1:-link-veth.hex}
unshare -n sh -c '
	ip link set lo up
	ip link add v0 type veth peer name v1
	ip link set v0 up
	strace -f -e trace=recvmsg -e read=4 -s 100000 ip link show dev v0 2>&1 >/dev/null
' | grep '^ | [0-9a-f]' | cut -c 11-58 | tr -d ' \n' > "$out.tmp"
# strace dumps the datagram once per read (the peek too): keep one message.
h=$(head -c 8 "$out.tmp")
n=$((0x$(echo "$h" | cut -c7-8)$(echo "$h" | cut -c5-6)$(echo "$h" | cut -c3-4)$(echo "$h" | cut -c1-2)))
head -c $((n * 2)) "$out.tmp" > "$out.one" && mv "$out.one" "$out.tmp"
{ echo "# RTM_NEWLINK for veth v0 (peer v1, up), kernel $(uname -r), captured by capture.sh"; fold -w 64 "$out.tmp"; } > "$out"
rm -f "$out.tmp"
