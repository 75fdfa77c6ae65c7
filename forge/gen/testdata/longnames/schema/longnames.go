// Package schema is the golden case of names past Postgres's 63-byte
// limit: the unique index, enum CHECK, foreign key and indexes of
// international_shipment_consolidation_records would be truncated by
// Postgres if written out whole, so forge/sqlschema shortens them with a
// hash, and the data layer must map a violation back to its field by the
// shortened name Postgres reports.
package schema

import "github.com/forge-framework/forge/forge/schema"

// ConsolidationWarehouseFacility receives shipments.
var ConsolidationWarehouseFacility = schema.Define("ConsolidationWarehouseFacility",
	schema.String("Name").Required(),
	schema.HasMany("InternationalShipmentConsolidationRecord"),
	schema.WithTenant(),
)

// InternationalShipmentConsolidationRecord is a shipment held at a
// warehouse.
var InternationalShipmentConsolidationRecord = schema.Define("InternationalShipmentConsolidationRecord",
	schema.String("CustomsDeclarationReferenceNumber").Required().Unique(),
	schema.Enum("CustomsClearanceProcessingStatus", "pending", "cleared").Default("pending"),
	schema.BelongsTo("ConsolidationWarehouseFacility"),
	schema.Index("CustomsClearanceProcessingStatus"),
	schema.WithTenant(),
)
