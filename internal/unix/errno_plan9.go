package unix

import "strconv"

// Errno is an error number. Plan 9 reports errors as strings and has no
// syscall.Errno; this one carries Linux's numbers for decoded messages.
type Errno uintptr

// Error returns "errno N".
func (e Errno) Error() string { return "errno " + strconv.Itoa(int(e)) }
