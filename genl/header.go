package genl

// HeaderLen is the size of Header on the wire (GENL_HDRLEN).
const HeaderLen = 4

// Header is struct genlmsghdr, the fixed header that starts the body of every
// generic netlink message, after the netlink header whose type is the family
// id.
//
// A family's message is a struct that embeds Header as its first field and
// declares its attributes after it:
//
//	type Greeting struct {
//		genl.Header
//		_    nltag.Set `nla:"acme"`
//		Name string    `nla:"ACME_A_NAME"`
//	}
//
// nltag writes the embedded Header as the message's fixed header, so the
// struct encodes and decodes as a whole. One struct usually serves several
// commands (a GET request, its reply, the notification of a change); the
// Command field tells them apart.
type Header struct {
	// Command is the family's command (operation) number.
	Command uint8
	// Version is the family's interface version; families mostly ignore it
	// in requests, but send their own in replies.
	Version uint8
	_       uint16 // reserved: always 0
}
