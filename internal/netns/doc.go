// Package netns provides handles to Linux network namespaces and a way to
// run code inside one without ever leaving an OS thread in the wrong
// namespace.
//
// A network namespace is a per-thread property in Linux, while Go moves
// goroutines freely between threads. Switching the namespace of the calling
// thread would therefore leak the switch into unrelated goroutines. [Do]
// instead switches a dedicated, locked thread and restores it before the
// runtime may reuse it, or has the runtime discard it when restoring fails.
//
// Sockets keep the namespace they were created in, so a socket opened inside
// [Do] can be used from any goroutine afterwards.
package netns
