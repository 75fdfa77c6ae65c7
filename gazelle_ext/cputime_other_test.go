//go:build !unix

package forge_test

import "time"

// processCPU is unknown here; BenchmarkGazelleOverhead then reports wall
// time alone.
func processCPU() time.Duration { return 0 }
