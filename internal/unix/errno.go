//go:build !plan9

package unix

import "syscall"

// Errno is an error number; on Linux the same type as x/sys/unix's.
type Errno = syscall.Errno
