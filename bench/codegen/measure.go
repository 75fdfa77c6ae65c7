package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"time"
)

// sample is one run of a generator as a whole process.
type sample struct {
	wall, cpu time.Duration // cpu is user + system time
	rss       int64         // peak resident set size in bytes; 0 where the OS does not say
}

// run runs the command in dir and measures it. The output directory is
// removed first (not timed), so every run writes all of its files, as the
// first run in a fresh checkout does.
func run(dir, outDir string, name string, args ...string) (sample, error) {
	if err := os.RemoveAll(outDir); err != nil {
		return sample{}, err
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s %v in %s: %w\n%s", name, args, dir, err, out.Bytes())
	}
	st := cmd.ProcessState
	return sample{wall: wall, cpu: st.UserTime() + st.SystemTime(), rss: maxRSS(st)}, nil
}

// medians of the samples' three measures, each taken on its own.
func medians(ss []sample) sample {
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	rsss := make([]int64, len(ss))
	for i, s := range ss {
		walls[i], cpus[i], rsss[i] = s.wall, s.cpu, s.rss
	}
	return sample{wall: median(walls), cpu: median(cpus), rss: median(rsss)}
}

func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := append([]T(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
