//go:build linux

// Package nltest holds helpers for tests that talk to the Linux kernel. Each
// such test gets its own network namespace, so it never changes the host.
//
// Kernel tests skip when they cannot run (not root, no network namespaces,
// no ip command) unless NLTEST_REQUIRE_KERNEL=1 makes that a failure.
package nltest
