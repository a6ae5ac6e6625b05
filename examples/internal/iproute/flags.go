package iproute

import (
	"fmt"

	"github.com/nltag/go-netlink/route"
)

// linkFlagNames lists the device flags in ip(8)'s order. RUNNING is left
// out; NO-CARRIER stands for UP without it.
var linkFlagNames = []struct {
	f    route.InterfaceFlags
	name string
}{
	{route.IffLoopback, "LOOPBACK"}, {route.IffBroadcast, "BROADCAST"}, {route.IffPointToPoint, "POINTOPOINT"},
	{route.IffMulticast, "MULTICAST"}, {route.IffNoARP, "NOARP"}, {route.IffAllMulti, "ALLMULTI"},
	{route.IffPromisc, "PROMISC"}, {route.IffMaster, "MASTER"}, {route.IffSlave, "SLAVE"},
	{route.IffDebug, "DEBUG"}, {route.IffDynamic, "DYNAMIC"}, {route.IffAutoMedia, "AUTOMEDIA"},
	{route.IffPortSel, "PORTSEL"}, {route.IffNoTrailers, "NOTRAILERS"}, {route.IffUp, "UP"},
	{route.IffLowerUp, "LOWER_UP"}, {route.IffDormant, "DORMANT"}, {route.IffEcho, "ECHO"},
}

// LinkFlags returns the flags as ip(8) lists them; lowerDown adds M-DOWN
// for a link whose lower link is down.
func LinkFlags(f route.InterfaceFlags, lowerDown bool) []string {
	out := []string{}
	if f&route.IffUp != 0 && f&route.IffRunning == 0 {
		out = append(out, "NO-CARRIER")
	}
	f &^= route.IffRunning
	for _, n := range linkFlagNames {
		if f&n.f != 0 {
			out = append(out, n.name)
			f &^= n.f
		}
	}
	if f != 0 {
		out = append(out, fmt.Sprintf("%x", uint32(f)))
	}
	if lowerDown {
		out = append(out, "M-DOWN")
	}
	return out
}
