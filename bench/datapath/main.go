// Command datapath times the shop's generated data path against the
// hand-written pgx and River code of examples/shop/internal/benchmark,
// the two sides run alternately in separate short runs, and prints per
// operation and concurrency the medians of ns/op, cpu-ns/op, B/op and
// allocs/op with the speed of the generated side relative to the
// hand-written one.
//
//	go run ./bench/datapath                   # 7 rounds of Create, Get, List at c=1 and c=8
//	go run ./bench/datapath -rounds 15 -ops List -benchtime 2s
//
// It needs a PostgreSQL server in FORGE_TEST_DATABASE_URL (each run
// creates and drops its own database), or runs under tools/postgres.sh
// run. It builds the benchmark's test binary once, then, round by round,
// runs each sub-benchmark (BenchmarkCreateProduct/generated/c=8, ...) as
// a process of its own: generated and hand-written back to back, the
// first of the two alternating between rounds, so that a change of the
// machine's load hits both sides alike. It is a benchmark, not a test:
// nothing here fails on a slow result. bench/README.md says how to read
// the table.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// benchmarkPkg is the package whose benchmarks are run.
const benchmarkPkg = "./examples/shop/internal/benchmark"

// ops are the operations, by the short name -ops takes, with the
// benchmark that times each.
var ops = []struct{ name, bench string }{
	{"Create", "BenchmarkCreateProduct"},
	{"Get", "BenchmarkGetProduct"},
	{"List", "BenchmarkListProducts"},
}

// sides are the two sub-benchmarks of each benchmark.
var sides = [2]string{"generated", "handwritten"}

func main() {
	rounds := flag.Int("rounds", 7, "rounds; each runs every operation, concurrency and side once")
	benchtime := flag.String("benchtime", "1s", "the -test.benchtime of each run")
	opList := flag.String("ops", "Create,Get,List", "comma-separated `LIST` of operations")
	cList := flag.String("c", "1,8", "comma-separated `LIST` of concurrencies (the benchmark's c=N)")
	raw := flag.String("raw", "", "append every run's output to `FILE`")
	flag.Parse()
	cases, err := selectCases(*opList, *cList)
	if err == nil && *rounds < 1 {
		err = errors.New("-rounds must be at least 1")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "datapath: %v\n", err)
		os.Exit(2)
	}
	if os.Getenv("FORGE_TEST_DATABASE_URL") == "" {
		fmt.Fprintln(os.Stderr, "datapath: FORGE_TEST_DATABASE_URL is not set; run under tools/postgres.sh run")
		os.Exit(2)
	}
	if err := benchmark(os.Stdout, cases, *rounds, *benchtime, *raw); err != nil {
		fmt.Fprintf(os.Stderr, "datapath: %v\n", err)
		os.Exit(1)
	}
}

// benchCase is one operation at one concurrency.
type benchCase struct {
	op    string // "Create"
	bench string // "BenchmarkCreateProduct"
	c     string // "8"
}

// selectCases returns the cases of the operations and concurrencies the
// flags name, in the order of ops.
func selectCases(opList, cList string) ([]benchCase, error) {
	want := map[string]bool{}
	for _, o := range strings.Split(opList, ",") {
		want[strings.TrimSpace(o)] = true
	}
	var cs []string
	for _, c := range strings.Split(cList, ",") {
		c = strings.TrimSpace(c)
		if c == "" || strings.Trim(c, "0123456789") != "" {
			return nil, fmt.Errorf("-c: %q is not a concurrency", c)
		}
		cs = append(cs, c)
	}
	var cases []benchCase
	for _, o := range ops {
		if !want[o.name] {
			continue
		}
		delete(want, o.name)
		for _, c := range cs {
			cases = append(cases, benchCase{op: o.name, bench: o.bench, c: c})
		}
	}
	for o := range want {
		return nil, fmt.Errorf("-ops: unknown operation %q (have Create, Get, List)", o)
	}
	return cases, nil
}

// benchmark builds the test binary and runs rounds rounds of every case,
// then prints the table.
func benchmark(w io.Writer, cases []benchCase, rounds int, benchtime, rawPath string) error {
	dir, err := os.MkdirTemp("", "datapath")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "benchmark.test")
	build := exec.Command("go", "test", "-c", "-o", bin, benchmarkPkg)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build %s: %w", benchmarkPkg, err)
	}
	// go test runs a test binary in its package's directory; so do we.
	pkgDir, err := exec.Command("go", "list", "-f", "{{.Dir}}", benchmarkPkg).Output()
	if err != nil {
		return fmt.Errorf("locate %s: %w", benchmarkPkg, err)
	}
	var raw io.Writer = io.Discard
	if rawPath != "" {
		f, err := os.OpenFile(rawPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		raw = f
	}

	res := newResults()
	for r := range rounds {
		for _, bc := range cases {
			order := sides
			if r%2 == 1 {
				order[0], order[1] = order[1], order[0]
			}
			for _, side := range order {
				fmt.Fprintf(os.Stderr, "round %d/%d: %s/%s/c=%s\n", r+1, rounds, bc.bench, side, bc.c)
				out, err := runOne(bin, strings.TrimSpace(string(pkgDir)), bc, side, benchtime)
				fmt.Fprintf(raw, "# round %d %s/%s/c=%s\n%s", r+1, bc.bench, side, bc.c, out)
				if err != nil {
					return err
				}
				m, err := parseRun(out, bc.bench+"/"+side+"/c="+bc.c)
				if err != nil {
					return fmt.Errorf("round %d: %w", r+1, err)
				}
				res.add(bc, side, m)
			}
		}
	}
	fmt.Fprintf(w, "%d rounds, -benchtime %s\n\n", rounds, benchtime)
	res.print(w, cases)
	return nil
}

// runOne runs one sub-benchmark of the test binary as its own process
// and returns its output.
func runOne(bin, pkgDir string, bc benchCase, side, benchtime string) ([]byte, error) {
	pattern := "^" + bc.bench + "$/^" + side + "$/^c=" + bc.c + "$"
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", pattern,
		"-test.benchmem", "-test.benchtime", benchtime)
	cmd.Dir = pkgDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s -test.bench %s: %w\n%s", filepath.Base(bin), pattern, err, out)
	}
	return out, nil
}
