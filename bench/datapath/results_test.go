package main

import (
	"math"
	"testing"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: github.com/forge-framework/forge/examples/shop/internal/benchmark
cpu: AMD EPYC
BenchmarkListProducts/generated/c=1-2     	    2972	    591052 ns/op	    315811 cpu-ns/op	   77866 B/op	    1445 allocs/op
PASS
`

func TestParseRun(t *testing.T) {
	m, err := parseRun([]byte(sampleOutput), "BenchmarkListProducts/generated/c=1")
	if err != nil {
		t.Fatal(err)
	}
	want := metrics{ns: 591052, cpu: 315811, bytes: 77866, allocs: 1445}
	if m != want {
		t.Errorf("got %+v, want %+v", m, want)
	}
	// c=1 must not match c=10's line, nor another side's.
	for _, name := range []string{"BenchmarkListProducts/generated/c=", "BenchmarkListProducts/handwritten/c=1"} {
		if _, err := parseRun([]byte(sampleOutput), name); err == nil {
			t.Errorf("parseRun(%q) found a line", name)
		}
	}
	if _, err := parseRun([]byte("BenchmarkX/generated/c=1 10 5 ns/op\n"), "BenchmarkX/generated/c=1"); err == nil {
		t.Error("a line without cpu-ns/op, B/op and allocs/op parsed")
	}
}

func TestSummarize(t *testing.T) {
	gen := []metrics{{ns: 100, cpu: 50}, {ns: 200, cpu: 60}, {ns: 110, cpu: 55}}
	hand := []metrics{{ns: 95, cpu: 50}, {ns: 210, cpu: 66}, {ns: 99, cpu: 44}}
	s := summarize(gen, hand)
	if s.gen.ns != 110 || s.hand.ns != 99 {
		t.Errorf("medians %v and %v, want 110 and 99", s.gen.ns, s.hand.ns)
	}
	if s.speed != 99.0/110 {
		t.Errorf("speed %v, want %v", s.speed, 99.0/110)
	}
	// Per round: 0.95, 1.05, 0.9 → 0.95; cpu: 1, 1.1, 0.8 → 1.
	if math.Abs(s.pairedSpeed-0.95) > 1e-9 || math.Abs(s.pairedCPU-1) > 1e-9 {
		t.Errorf("paired %v, %v, want 0.95, 1", s.pairedSpeed, s.pairedCPU)
	}
	if median([]float64{4, 1, 3, 2}) != 2.5 {
		t.Error("median of an even count is not the mean of the middle two")
	}
}

func TestSelectCases(t *testing.T) {
	cases, err := selectCases("List,Create", "1,8")
	if err != nil {
		t.Fatal(err)
	}
	want := []benchCase{
		{"Create", "BenchmarkCreateProduct", "1"}, {"Create", "BenchmarkCreateProduct", "8"},
		{"List", "BenchmarkListProducts", "1"}, {"List", "BenchmarkListProducts", "8"},
	}
	if len(cases) != len(want) {
		t.Fatalf("got %v, want %v", cases, want)
	}
	for i := range want {
		if cases[i] != want[i] {
			t.Errorf("case %d: got %v, want %v", i, cases[i], want[i])
		}
	}
	for _, bad := range [][2]string{{"Delete", "1"}, {"Get", "x"}, {"Get", ""}} {
		if _, err := selectCases(bad[0], bad[1]); err == nil {
			t.Errorf("selectCases(%q, %q) accepted", bad[0], bad[1])
		}
	}
}
