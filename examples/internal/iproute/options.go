package iproute

import "strings"

// Options are the global options bridge, ip and tc share.
type Options struct {
	NetNS   string // -n NETNS: run in this named network namespace
	JSON    bool   // -j: print JSON
	Pretty  bool   // -p: indent the JSON
	Details bool   // -d: print details
}

// Parse reads the options before the object, as iproute2 spells them
// (-j, --json, -det ...), and returns the words after them. An option it
// does not know goes to more, which reports whether it knew it (taking any
// value from *args); when more is nil or does not, the error is a
// UsageError ending in `try "HINT".`
func (o *Options) Parse(args []string, hint string, more func(opt string, args *[]string) (bool, error)) ([]string, error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		opt := strings.TrimPrefix(strings.TrimPrefix(args[0], "-"), "-")
		args = args[1:]
		switch {
		case opt == "j" || opt == "json":
			o.JSON = true
		case opt == "p" || opt == "pretty":
			o.Pretty = true
		case opt == "d" || strings.HasPrefix("details", opt):
			o.Details = true
		case opt == "n" || strings.HasPrefix("netns", opt):
			if len(args) == 0 {
				return nil, Usagef("Option -%s needs a namespace name", opt)
			}
			o.NetNS, args = args[0], args[1:]
		case opt == "h" || opt == "help":
			return nil, Usagef("")
		default:
			ok := false
			if more != nil {
				var err error
				if ok, err = more(opt, &args); err != nil {
					return nil, err
				}
			}
			if !ok {
				return nil, Usagef("Option \"-%s\" is unknown, try %q.", opt, hint)
			}
		}
	}
	return args, nil
}
