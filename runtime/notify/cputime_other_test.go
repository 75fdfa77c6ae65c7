//go:build !unix

package notify

import "time"

// processCPU is unknown here; BenchmarkFanout then reports no CPU time.
func processCPU() time.Duration { return 0 }
