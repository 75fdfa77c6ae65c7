package report

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/forge-framework/forge/examples/shop/gen/db"
	"github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/app"
)

// The sizes of the top-products report.
const (
	// DefaultTopProducts is its size when the request gives no limit.
	DefaultTopProducts = 10
	// MaxTopProducts is the largest limit a request may give.
	MaxTopProducts = 100
)

// Routes registers the reports' routes on the server's services; main.go
// calls it beside gen/handlers' Routes.
func Routes(mux *http.ServeMux, d app.Deps) error {
	New(d.Pool, d.Logger).Register(mux)
	return nil
}

// API serves the reports.
type API struct {
	conn   db.DBTX
	logger *slog.Logger
}

// New returns the API on conn. logger receives the errors answered with
// 500; nil means slog.Default().
func New(conn db.DBTX, logger *slog.Logger) *API {
	if logger == nil {
		logger = slog.Default()
	}
	return &API{conn: conn, logger: logger}
}

// Register adds the reports' routes to mux. They are under /api/, so
// runtime/server authenticates them and the caller's tenant scopes them.
func (h *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/reports/top-products", h.TopProducts)
}

// TopProducts serves GET /api/reports/top-products?limit=N: 200 with
// {"items": [...]}, the N products (DefaultTopProducts without a limit)
// that earned the caller's tenant the most. A limit that is not an integer
// from 1 to MaxTopProducts, or any other parameter, is a 400 naming it.
func (h *API) TopProducts(w http.ResponseWriter, r *http.Request) {
	limit := DefaultTopProducts
	if !api.ListQuery(w, r, api.Query{Limit: &limit}) {
		return
	}
	if limit > MaxTopProducts {
		api.BadQuery(w, map[string]string{api.LimitParam: fmt.Sprintf("must be at most %d", MaxTopProducts)})
		return
	}
	top, err := TopProductsByRevenue(r.Context(), h.conn, limit)
	if err != nil {
		api.Fail(w, r, h.logger, err)
		return
	}
	api.Write(w, r, h.logger, http.StatusOK, struct {
		Items []ProductRevenue `json:"items"`
	}{top})
}
