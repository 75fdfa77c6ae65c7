package observe

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/forge-framework/forge/runtime/buildinfo"
	"github.com/forge-framework/forge/runtime/config"
)

// NewLogger returns the app's logger, writing to w. It writes JSON when
// cfg.Observe.LogFormat is "json" or the app runs in production (log
// collectors parse JSON; people read text), and text otherwise. It drops
// records below cfg.Observe.LogLevel. Every record carries service.name
// (cfg.App.Name) and service.version (buildinfo.Version), so lines from
// several apps or releases can be told apart in one place. The names are
// OpenTelemetry's, which library attributes (River logs "version" for its
// migrations) do not collide with.
func NewLogger(cfg *config.Config, w io.Writer) (*slog.Logger, error) {
	level, err := parseLevel(cfg.Observe.LogLevel)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: level}

	var h slog.Handler
	switch format := strings.ToLower(strings.TrimSpace(cfg.Observe.LogFormat)); {
	case format == "json" || cfg.Production():
		h = slog.NewJSONHandler(w, opts)
	case format == "text" || format == "":
		h = slog.NewTextHandler(w, opts)
	default:
		return nil, fmt.Errorf("observe: log format %q is neither \"text\" nor \"json\"; "+
			"fix log_format in [observe] or FORGE_OBSERVE_LOG_FORMAT", cfg.Observe.LogFormat)
	}
	return slog.New(h).With("service.name", cfg.App.Name, "service.version", buildinfo.Version), nil
}

// parseLevel reads a configured log level; empty means info.
func parseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("observe: log level %q is not one of debug, info, warn, error; "+
		"fix log_level in [observe] or FORGE_OBSERVE_LOG_LEVEL", s)
}
