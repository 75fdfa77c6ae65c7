package server

// A Forge app's image is scratch by default: it has no /etc/ssl/certs and
// no /usr/share/zoneinfo. Embedding the CA roots and the time zone database
// makes TLS to outside services (OTLP collectors, managed PostgreSQL) and
// time.LoadLocation work there too. x509.SetFallbackRoots uses the roots
// only when the system has none, so a base image's or host's own roots
// still win. The cost is about 0.4 MB for tzdata and 0.65 MB for the roots
// (measured with Go 1.26).
//
// Upstream recommends that only binaries import fallback; this package is
// where every Forge app's main comes from (Main), so it stands in for the
// binary. The roots are as fresh as the module version in go.mod, which
// govulncheck reports when it falls behind.
import (
	_ "time/tzdata"

	_ "golang.org/x/crypto/x509roots/fallback"
)
