package schema

import "github.com/forge-framework/forge/forge/schema"

// Index names past Postgres's 63-byte limit are shortened with a hash;
// tenant scoping puts tenant_id first, soft delete makes unique indexes partial.
var ShipmentTrackingEvent = schema.Define("ShipmentTrackingEvent",
	schema.String("CarrierReferenceNumber").Required(),
	schema.String("DestinationWarehouseCode").Required(),
	schema.Time("OccurredAt").Required(),
	schema.UniqueIndex("CarrierReferenceNumber", "DestinationWarehouseCode", "OccurredAt"),
	schema.Index("OccurredAt"),
	schema.WithTenant(),
	schema.WithSoftDelete(),
)
