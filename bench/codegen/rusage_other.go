//go:build !unix

package main

import "os"

// maxRSS is unknown here: the OS reports no peak resident set size
// through os.ProcessState. The table shows 0.
func maxRSS(*os.ProcessState) int64 { return 0 }
