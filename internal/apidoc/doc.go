// Package apidoc holds a test of the project's documentation standard:
// every exported name of every package outside internal/ has a doc comment.
// It has no code of its own.
package apidoc
