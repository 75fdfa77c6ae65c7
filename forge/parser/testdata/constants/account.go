package schema

import "github.com/forge-framework/forge/forge/schema"

var Account = schema.Define("Account",
	schema.String("Name").Required().MaxLen(maxName/2+(maxName%3)),
	schema.BigInt("BalanceCents").Min(minBalance).Max(maxBalance).Default(0),
	schema.Float("Ratio").Default(ratio).Max(1),
	schema.Decimal("Fee").Default(ratio * 2),
	schema.Bytes("Avatar").MaxLen(2 * MiB),
	schema.Enum("Status", defaultStatus, "closed").Default(defaultStatus),
	schema.Bool("Enabled").Default(enabled),
	schema.WithHooks(schema.Hooks{
		AfterCreate: []schema.JobRef{{Kind: kindCreated, Queue: queue}},
	}),
)
