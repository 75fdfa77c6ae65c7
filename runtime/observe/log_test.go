package observe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/forge-framework/forge/runtime/buildinfo"
	"github.com/forge-framework/forge/runtime/config"
)

func TestNewLoggerFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, env, format string
		wantJSON          bool
	}{
		{name: "default is text", env: "development", format: "", wantJSON: false},
		{name: "text", env: "development", format: "text", wantJSON: false},
		{name: "json", env: "development", format: "json", wantJSON: true},
		{name: "JSON in capitals", env: "development", format: "JSON", wantJSON: true},
		{name: "production forces json", env: "production", format: "text", wantJSON: true},
		{name: "production with no format", env: "production", format: "", wantJSON: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.App.Name = "shop"
			cfg.App.Env = tc.env
			cfg.Observe.LogFormat = tc.format
			var buf bytes.Buffer
			logger, err := NewLogger(cfg, &buf)
			if err != nil {
				t.Fatalf("NewLogger: %v", err)
			}
			logger.Info("hello", "n", 1)

			var rec map[string]any
			isJSON := json.Unmarshal(buf.Bytes(), &rec) == nil
			if isJSON != tc.wantJSON {
				t.Fatalf("JSON = %v, want %v; output: %s", isJSON, tc.wantJSON, buf.String())
			}
			if tc.wantJSON {
				if rec["msg"] != "hello" || rec["service.name"] != "shop" || rec["service.version"] != buildinfo.Version {
					t.Errorf("record = %v, want msg hello, service shop, version %s", rec, buildinfo.Version)
				}
				return
			}
			for _, want := range []string{"msg=hello", "service.name=shop", "version=" + buildinfo.Version} {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("output %q lacks %q", buf.String(), want)
				}
			}
		})
	}
}

func TestNewLoggerLevel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		level string
		want  []string // messages that get through, of debug, info, warn, error
	}{
		{level: "", want: []string{"info", "warn", "error"}},
		{level: "debug", want: []string{"debug", "info", "warn", "error"}},
		{level: "info", want: []string{"info", "warn", "error"}},
		{level: "WARN", want: []string{"warn", "error"}},
		{level: "error", want: []string{"error"}},
	} {
		t.Run(tc.level, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.Observe.LogFormat = "json"
			cfg.Observe.LogLevel = tc.level
			var buf bytes.Buffer
			logger, err := NewLogger(cfg, &buf)
			if err != nil {
				t.Fatalf("NewLogger: %v", err)
			}
			logger.Debug("debug")
			logger.Info("info")
			logger.Warn("warn")
			logger.Error("error")

			var got []string
			dec := json.NewDecoder(&buf)
			for dec.More() {
				var rec struct{ Msg string }
				if err := dec.Decode(&rec); err != nil {
					t.Fatalf("decode: %v", err)
				}
				got = append(got, rec.Msg)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("logged %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewLoggerRejectsBadConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, level, format string
		wantErr             string
	}{
		{name: "level", level: "verbose", wantErr: `log level "verbose" is not one of debug, info, warn, error`},
		{name: "level names the setting", level: "trace", wantErr: "FORGE_OBSERVE_LOG_LEVEL"},
		{name: "format", format: "yaml", wantErr: `log format "yaml" is neither "text" nor "json"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.Observe.LogLevel = tc.level
			cfg.Observe.LogFormat = tc.format
			logger, err := NewLogger(cfg, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("NewLogger error = %v, want one containing %q", err, tc.wantErr)
			}
			if logger != nil {
				t.Errorf("NewLogger returned a logger along with its error")
			}
		})
	}
}
