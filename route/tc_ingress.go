package route

import "github.com/nltag/go-netlink/nltag"

// IngressOptions is the empty TCA_OPTIONS nest of ingress, the qdisc that
// holds the filters of a link's incoming traffic.
type IngressOptions struct{}

// ClsactOptions is the empty TCA_OPTIONS nest of clsact, which holds
// filters of both directions (minors MinorIngress and MinorEgress).
type ClsactOptions struct{}

// TcKind returns "ingress".
func (*IngressOptions) TcKind() string { return "ingress" }

// TcKind returns "clsact".
func (*ClsactOptions) TcKind() string { return "clsact" }

func init() {
	nltag.RegisterSubMessageOf[IngressOptions]("tc-kind", "ingress")
	nltag.RegisterSubMessageOf[ClsactOptions]("tc-kind", "clsact")
}
