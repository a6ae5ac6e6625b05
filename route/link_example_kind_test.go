package route_test

import (
	"fmt"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// MyKindData is the IFLA_INFO_DATA of a link kind this package does not
// know, "mykind", declared by an application.
type MyKindData struct {
	_    nltag.Set `nla:"example-mykind"`
	ID   uint32    `nla:"MYKIND_ID,omitempty"`
	Wire nltag.Wire
}

// The attribute set of MyKindData's tags.
var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "example-mykind", Attrs: map[string]uint16{
	"MYKIND_UNSPEC": 0,
	"MYKIND_ID":     1,
}})

// The entry that makes LinkInfo.Data decode to *MyKindData when
// IFLA_INFO_KIND is "mykind".
func init() { nltag.RegisterSubMessageOf[MyKindData]("link-kind", "mykind") }

// An application adds a link kind: a struct for its IFLA_INFO_DATA, an
// attribute set for the struct's tags, and an entry in the "link-kind"
// sub-message table. NewLinkInfo then fills in the kind, and decoding gives
// back a *MyKindData.
func Example_customKind() {
	req := &route.Link{Name: "my0", LinkInfo: route.NewLinkInfo(&MyKindData{ID: 7})}
	b, err := nltag.Marshal(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var back route.Link
	if err := nltag.Unmarshal(b, &back); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %T %d\n", back.LinkInfo.Kind, back.LinkInfo.Data, back.LinkInfo.Data.(*MyKindData).ID)
	// Output:
	// mykind *route_test.MyKindData 7
}
