package sse_test

import (
	"fmt"

	"github.com/forge-framework/forge/runtime/sse"
)

func ExampleLimiter() {
	l := sse.NewLimiter(5000, 2)
	release, _ := l.Acquire("acme", "ann")
	l.Acquire("acme", "ann")
	_, err := l.Acquire("acme", "ann")
	fmt.Println(err)
	// User ids are unique within their tenant only: globex's ann is
	// another user, with a cap of her own.
	_, err = l.Acquire("globex", "ann")
	fmt.Println(err)

	release()
	release() // a second release does nothing
	fmt.Println(l.User("acme", "ann"), l.Total())
	// Output:
	// sse: too many open event streams for this user
	// <nil>
	// 1 2
}
