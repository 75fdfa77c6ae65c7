package notify_test

import (
	"fmt"
	"log"

	"github.com/forge-framework/forge/runtime/notify"
)

// Payload is what a writer sends with pg_notify on Channel inside its
// transaction (PublishTx does both), so the event is delivered exactly when
// the write commits, and never for a rolled-back one:
//
//	tx.Exec(ctx, "SELECT pg_notify($1, $2)", notify.Channel, payload)
func ExamplePayload() {
	payload, err := notify.Payload(notify.Event{Resource: "Product", Op: notify.OpUpdate, ID: "p1", Tenant: "acme"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(notify.Channel, payload)
	// Output: forge_events {"resource":"Product","op":"update","id":"p1","tenant":"acme"}
}
