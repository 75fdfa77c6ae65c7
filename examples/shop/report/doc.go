// Package report holds the shop's reports: queries with SQL of the app's
// own, beyond the create/get/list/update/delete that gen/db generates, and
// the endpoints that serve them under /api/reports/.
//
// It is the app's code, written by hand, and the pattern docs/extending.md
// describes: the SQL selects db.ProductColumns and reads them with
// db.ScanProduct, so a report's rows are gen/db's row types and stay in
// step with the schema; it is tenant-scoped with dbx.Tenant as the
// generated queries are; and its handlers parse and answer with
// runtime/api, as the generated handlers do. main.go registers its routes
// beside gen/handlers' in server.App.Routes.
//
// What this package is not for: writes (they go through gen/actions, so
// that hooks' jobs and events commit with them) or anything gen/db already
// generates.
package report
