//go:build !unix

package benchmark

import "time"

// processCPU returns -1: the CPU time of the process is only read on unix.
func processCPU() time.Duration { return -1 }
