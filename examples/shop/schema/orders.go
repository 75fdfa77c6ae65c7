package schema

import s "github.com/forge-framework/forge/forge/schema"

// Customer buys from one tenant's shop.
var Customer = s.Define("Customer",
	s.String("Email").Required().MaxLen(maxEmailLen).Pattern(`^[^@\s]+@[^@\s]+$`).Unique().Immutable(),
	s.String("Name").Required().MaxLen(maxNameLen),
	s.Date("BirthDate"),
	s.String("PasswordHash").Sensitive(),
	s.HasMany("Order"),
	s.HasMany("Review"),
	s.WithTenant(),
	s.WithTimestamps(),
)

// Order is one checkout; confirming it sends mail through a job.
var Order = s.Define("Order",
	s.String("Number").Required().MaxLen(32).Immutable(),
	s.Enum("State", "pending", "paid", "shipped", "cancelled").Required().Default("pending"),
	s.BigInt("TotalCents").Required().Min(0).Default(0),
	s.Decimal("TaxRate").Precision(5, 4).Min(0).Max(1).Default("0.20"), // 0.0825 is 8.25%
	s.Time("PlacedAt").Default("now"),
	s.BelongsTo("Customer").Required(),
	s.HasMany("OrderItem"),
	s.HasMany("Notification"),
	s.UniqueIndex("Number"),
	s.Index("State"), // with id last: a list by state reads it in keyset order
	s.WithTenant(),
	s.WithTimestamps(),
	s.WithHooks(s.Hooks{
		AfterCreate: []s.JobRef{{Kind: "order_placed", Queue: "mail"}},
		AfterUpdate: []s.JobRef{{Kind: "order_changed"}},
	}),
)

// OrderItem is one line of an order.
var OrderItem = s.Define("OrderItem",
	s.Int("Quantity").Required().Min(1).Max(10000),
	s.BigInt("UnitPriceCents").Required().Min(0),
	s.BelongsTo("Order").Required(),
	s.BelongsTo("Product").Required(),
	s.WithTenant(),
)

// Notification is a message to a customer about an order. The order_placed
// worker writes one per order; the unique index makes a retried job find
// its earlier row instead of sending twice.
var Notification = s.Define("Notification",
	s.Enum("Kind", "order_placed", "order_shipped").Required(),
	s.String("Recipient").Required().MaxLen(maxEmailLen),
	s.String("Subject").Required().MaxLen(maxNameLen),
	s.Text("Body"),
	s.Time("SentAt").Default("now"),
	s.BelongsTo("Order").Required(),
	s.UniqueIndex("Order", "Kind"),
	s.WithTenant(),
	s.WithTimestamps(),
)
