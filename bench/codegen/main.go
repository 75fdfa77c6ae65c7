// Command codegen benchmarks forge generate against sqlc generate on the
// same N-table schema, both run as whole processes, alternately, and
// prints the medians of wall time, CPU time (user + system) and peak RSS
// with their ratios, and how each tool's time grows with N.
//
//	go run ./bench/codegen                      # N = 50, 200, 400; 5 rounds
//	go run ./bench/codegen -n 200 -rounds 9
//
// It builds forge from this checkout once, or runs the binary -forge names
// (a baseline build, to measure a change), and uses the sqlc in .cache/bin,
// installing v1.31.1 there with go install when it is missing (sqlc needs
// cgo and a C compiler for its Postgres parser, pg_query).
// It is a benchmark, not a test: nothing here fails on a slow result.
// bench/README.md says how to read the table.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// sqlcVersion is the sqlc the numbers were taken with.
const sqlcVersion = "v1.31.1"

// appImportpath is the benchmark app's import path: the schema directory
// has no go.mod, so forge generate is told it.
const appImportpath = "example.com/bench"

func main() {
	sizes := flag.String("n", "50,200,400", "comma-separated `LIST` of table counts")
	rounds := flag.Int("rounds", 5, "timed runs of each tool at each N, alternating forge and sqlc")
	sqlcBin := flag.String("sqlc", "", "the sqlc `BINARY` to run (default: .cache/bin/sqlc, installed when missing)")
	forgeFlag := flag.String("forge", "", "the forge `BINARY` to run (default: built from this checkout), for example a baseline build to compare against")
	work := flag.String("work", "", "the `DIR` to write inputs and outputs in (default: a new temporary directory, removed afterwards)")
	flag.Parse()
	ns, err := parseSizes(*sizes)
	if err == nil && *rounds < 1 {
		err = errors.New("-rounds must be at least 1")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "codegen: %v\n", err)
		os.Exit(2)
	}
	if err := benchmark(os.Stdout, ns, *rounds, *sqlcBin, *forgeFlag, *work); err != nil {
		fmt.Fprintf(os.Stderr, "codegen: %v\n", err)
		os.Exit(1)
	}
}

func parseSizes(list string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-n: %q is not a positive table count", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// result is one N's medians and its outputs' sizes.
type result struct {
	n                   int
	forge, sqlc         sample
	forgeOut, sqlcOut   size
	forgeRuns, sqlcRuns []sample
}

func benchmark(w io.Writer, ns []int, rounds int, sqlcBin, forgeBin, work string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if work == "" {
		if work, err = os.MkdirTemp("", "forge-codegen-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	if sqlcBin == "" {
		if sqlcBin, err = installSQLC(root); err != nil {
			return err
		}
	}
	version, err := output(root, sqlcBin, "version")
	if err != nil {
		return err
	}
	which := "this checkout"
	if forgeBin != "" {
		which = forgeBin
		if forgeBin, err = filepath.Abs(forgeBin); err != nil {
			return err
		}
	} else {
		forgeBin = filepath.Join(work, "forge")
		if runtime.GOOS == "windows" {
			forgeBin += ".exe"
		}
		if _, err := output(root, "go", "build", "-o", forgeBin, "./forge/cmd/forge"); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "forge generate (%s) vs sqlc generate %s: %d rounds, alternating, medians; %s/%s, %d CPUs\n\n",
		which, version, rounds, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())

	var results []result
	for _, n := range ns {
		r, err := benchmarkN(work, forgeBin, sqlcBin, n, rounds)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	report(w, results)
	return nil
}

// benchmarkN writes both tools' inputs for n tables and runs them: one
// untimed run each to warm the page cache, then rounds × (forge, sqlc).
func benchmarkN(work, forgeBin, sqlcBin string, n, rounds int) (result, error) {
	forgeDir := filepath.Join(work, fmt.Sprintf("n%d", n), "forge")
	sqlcDir := filepath.Join(work, fmt.Sprintf("n%d", n), "sqlc")
	inputs := map[string][]byte{
		filepath.Join(forgeDir, "schema", "schema.go"): forgeSchema(n),
		filepath.Join(sqlcDir, "schema.sql"):           sqlcSchema(n),
		filepath.Join(sqlcDir, "query.sql"):            sqlcQueries(n),
		filepath.Join(sqlcDir, "sqlc.yaml"):            []byte(sqlcConfig),
	}
	for path, content := range inputs {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return result{}, err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return result{}, err
		}
	}
	runForge := func() (sample, error) {
		return run(forgeDir, filepath.Join(forgeDir, "gen"), forgeBin, "generate", "--importpath", appImportpath)
	}
	runSQLC := func() (sample, error) {
		return run(sqlcDir, filepath.Join(sqlcDir, "db"), sqlcBin, "generate")
	}
	r := result{n: n}
	for i := -1; i < rounds; i++ {
		f, err := runForge()
		if err != nil {
			return result{}, err
		}
		s, err := runSQLC()
		if err != nil {
			return result{}, err
		}
		if i >= 0 { // i == -1 is the warm-up
			r.forgeRuns = append(r.forgeRuns, f)
			r.sqlcRuns = append(r.sqlcRuns, s)
		}
	}
	r.forge, r.sqlc = medians(r.forgeRuns), medians(r.sqlcRuns)
	var err error
	if r.forgeOut, err = sizeOf(filepath.Join(forgeDir, "gen")); err != nil {
		return result{}, err
	}
	if r.sqlcOut, err = sizeOf(filepath.Join(sqlcDir, "db")); err != nil {
		return result{}, err
	}
	return r, nil
}

func report(w io.Writer, results []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "N\ttool\twall\tCPU\tpeak RSS\tfiles\tbytes\tlines\t")
	for _, r := range results {
		for _, row := range []struct {
			tool string
			s    sample
			out  size
		}{{"forge", r.forge, r.forgeOut}, {"sqlc", r.sqlc, r.sqlcOut}} {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t\n", r.n, row.tool, seconds(row.s.wall), seconds(row.s.cpu), megabytes(row.s.rss), row.out.files, row.out.bytes, row.out.lines)
		}
	}
	tw.Flush()

	fmt.Fprintln(w, "\nratios (speed-up: sqlc ÷ forge, above 1 is forge faster; RSS: forge ÷ sqlc, below 1 is forge smaller):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "N\twall speed-up\tCPU speed-up\tRSS forge/sqlc\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t\n", r.n, ratio(float64(r.sqlc.wall), float64(r.forge.wall)), ratio(float64(r.sqlc.cpu), float64(r.forge.cpu)), ratio(float64(r.forge.rss), float64(r.sqlc.rss)))
	}
	tw.Flush()

	sorted := append([]result(nil), results...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].n < sorted[j].n })
	lo, hi := sorted[0], sorted[len(sorted)-1]
	if lo.n == hi.n {
		return
	}
	fmt.Fprintf(w, "\nlinearity: per table is the time per table at N=%d ÷ at N=%d (at most 1 when linear: process start-up\n", hi.n, lo.n)
	fmt.Fprintln(w, "weighs on the small N); marginal is the time per added table above the middle N ÷ below it (about 1 when linear):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tool\twall per table\twall marginal\tCPU per table\tCPU marginal\t")
	for _, tool := range []struct {
		name string
		get  func(result) sample
	}{{"forge", func(r result) sample { return r.forge }}, {"sqlc", func(r result) sample { return r.sqlc }}} {
		row := tool.name
		for _, measure := range []func(sample) time.Duration{
			func(s sample) time.Duration { return s.wall },
			func(s sample) time.Duration { return s.cpu },
		} {
			t := func(r result) float64 { return float64(measure(tool.get(r))) }
			perTable := ratio(t(hi)/float64(hi.n), t(lo)/float64(lo.n))
			marginal := "-"
			if len(sorted) >= 3 {
				mid := sorted[len(sorted)/2]
				slope := func(a, b result) float64 { return (t(b) - t(a)) / float64(b.n-a.n) }
				marginal = ratio(slope(mid, hi), slope(lo, mid))
			}
			row += "\t" + perTable + "\t" + marginal
		}
		fmt.Fprintln(tw, row+"\t")
	}
	tw.Flush()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func megabytes(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// size is what a tool wrote: its .go files, their bytes and lines.
type size struct{ files, bytes, lines int }

func sizeOf(dir string) (size, error) {
	var s size
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s.files++
		s.bytes += len(b)
		s.lines += bytes.Count(b, []byte("\n"))
		return nil
	})
	return s, err
}

// moduleRoot is the directory of the go.mod this program is run in.
func moduleRoot() (string, error) {
	gomod, err := output("", "go", "env", "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run this inside the forge module (go run ./bench/codegen from the repository root)")
	}
	return filepath.Dir(gomod), nil
}

// installSQLC returns .cache/bin/sqlc, first installing sqlcVersion there
// unless it already is.
func installSQLC(root string) (string, error) {
	bin := filepath.Join(root, ".cache", "bin")
	sqlc := filepath.Join(bin, "sqlc")
	if runtime.GOOS == "windows" {
		sqlc += ".exe"
	}
	if v, err := output(root, sqlc, "version"); err == nil && v == sqlcVersion {
		return sqlc, nil
	}
	fmt.Fprintf(os.Stderr, "installing sqlc %s into %s (cgo and a C compiler build its Postgres parser; this takes minutes)\n", sqlcVersion, bin)
	cmd := exec.Command("go", "install", "github.com/sqlc-dev/sqlc/cmd/sqlc@"+sqlcVersion)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "CGO_ENABLED=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install sqlc %s: %w", sqlcVersion, err)
	}
	return sqlc, nil
}

// output runs a command in dir and returns its trimmed standard output.
func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out)), nil
}
