// Package benchmark measures what the code forge generates costs at run
// time, by timing it against hand-written pgx and River code that does
// exactly the same work, in the same run, on the same real PostgreSQL.
//
// Each benchmark has two sub-benchmarks on one database: "generated" calls
// the shop's generated code (gen/actions, gen/db) and "handwritten" calls a
// function of benchmark_test.go written the way an experienced pgx user
// would: the same SQL, the same columns, the same transaction, job and
// notification. TestHandwrittenMatchesGenerated checks that the two return
// the same results, so the comparison stays fair as the generator changes.
//
//   - BenchmarkCreateProduct: one transaction that inserts a product,
//     enqueues its product_created job (River InsertTx) and publishes its
//     create event (pg_notify).
//   - BenchmarkGetProduct: one product by id.
//   - BenchmarkListProducts: one keyset page of 50 published products.
//   - BenchmarkClientSide: the client's share of the three alone, on a
//     DBTX without a server, where a difference of a microsecond shows.
//
// Each runs at concurrency 1 and 8 ("c=1", "c=8": that many goroutines
// calling at once, on a pool of 8 connections), so a cost that only shows
// under contention, such as allocation and the garbage collector, shows.
//
// Run them against a throwaway server with
//
//	tools/postgres.sh run go test -run '^$' -bench . -benchmem ./examples/shop/internal/benchmark/
//
// Besides ns/op, B/op and allocs/op, each reports cpu-ns/op: the CPU time
// the benchmark process (the client side: the code under test, pgx, River,
// the garbage collector) spent per op. Wall time is mostly waiting for the
// server, so on a shared machine compare several interleaved runs, e.g.
// -bench 'Create/generated/c=8$' then -bench 'Create/handwritten/c=8$',
// in alternating order, or whole -count=1 runs repeated, rather than one
// -count=N run, which times all the generated runs before all the
// handwritten ones.
//
// What this package is not for: load testing (eight callers at most) or
// measuring PostgreSQL itself; the numbers are only meaningful as a ratio
// between the two sub-benchmarks of one run.
package benchmark
