package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// target is issue 10's bar: the generated side at least 0.95 times the
// hand-written side's speed.
const target = 0.95

// metrics are one run's numbers, per op.
type metrics struct {
	ns, cpu, bytes, allocs float64
}

// parseRun returns the metrics of the benchmark line of name in a test
// binary's output. The line is "name-P  N  v unit  v unit ...", -P being
// GOMAXPROCS when it is above 1.
func parseRun(out []byte, name string) (metrics, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || (f[0] != name && !strings.HasPrefix(f[0], name+"-")) {
			continue
		}
		var m metrics
		seen := map[string]bool{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return metrics{}, fmt.Errorf("%s: bad value %q in %q", name, f[i], sc.Text())
			}
			switch f[i+1] {
			case "ns/op":
				m.ns = v
			case "cpu-ns/op":
				m.cpu = v
			case "B/op":
				m.bytes = v
			case "allocs/op":
				m.allocs = v
			default:
				continue
			}
			seen[f[i+1]] = true
		}
		for _, unit := range []string{"ns/op", "cpu-ns/op", "B/op", "allocs/op"} {
			if !seen[unit] {
				return metrics{}, fmt.Errorf("%s: no %s in %q", name, unit, sc.Text())
			}
		}
		return m, nil
	}
	return metrics{}, fmt.Errorf("no result line for %s in:\n%s", name, out)
}

// results are the metrics of every run, by case and side, in round order.
type results struct {
	runs map[benchCase]map[string][]metrics
}

func newResults() *results { return &results{runs: map[benchCase]map[string][]metrics{}} }

func (r *results) add(bc benchCase, side string, m metrics) {
	if r.runs[bc] == nil {
		r.runs[bc] = map[string][]metrics{}
	}
	r.runs[bc][side] = append(r.runs[bc][side], m)
}

// summary is one case's line of the table.
type summary struct {
	gen, hand metrics // medians
	// speed and cpuSpeed are hand ÷ gen of the medians; pairedSpeed and
	// pairedCPU are the medians over rounds of each round's hand ÷ gen.
	speed, cpuSpeed, pairedSpeed, pairedCPU float64
	rounds                                  int
}

// summarize returns the medians and ratios of gen's and hand's runs,
// gen[i] and hand[i] being the runs of round i.
func summarize(gen, hand []metrics) summary {
	n := min(len(gen), len(hand))
	gen, hand = gen[:n], hand[:n]
	s := summary{gen: medians(gen), hand: medians(hand), rounds: n}
	s.speed = s.hand.ns / s.gen.ns
	s.cpuSpeed = s.hand.cpu / s.gen.cpu
	var wall, cpu []float64
	for i := range n {
		wall = append(wall, hand[i].ns/gen[i].ns)
		cpu = append(cpu, hand[i].cpu/gen[i].cpu)
	}
	s.pairedSpeed, s.pairedCPU = median(wall), median(cpu)
	return s
}

func medians(ms []metrics) metrics {
	pick := func(f func(metrics) float64) float64 {
		var v []float64
		for _, m := range ms {
			v = append(v, f(m))
		}
		return median(v)
	}
	return metrics{
		ns:     pick(func(m metrics) float64 { return m.ns }),
		cpu:    pick(func(m metrics) float64 { return m.cpu }),
		bytes:  pick(func(m metrics) float64 { return m.bytes }),
		allocs: pick(func(m metrics) float64 { return m.allocs }),
	}
}

// median returns the median of v, NaN for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// print writes the table: one line per case, in the order of cases.
func (r *results) print(w io.Writer, cases []benchCase) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "op\tc\tgen ns/op\thand ns/op\tspeed\tpaired\tgen cpu-ns/op\thand cpu-ns/op\tcpu speed\tpaired\tgen B/op\thand B/op\tgen allocs\thand allocs\ttarget\t")
	for _, bc := range cases {
		s := summarize(r.runs[bc][sides[0]], r.runs[bc][sides[1]])
		verdict := "met"
		if s.pairedSpeed < target {
			verdict = "MISSED"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.3f\t%.3f\t%.0f\t%.0f\t%.3f\t%.3f\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t\n",
			bc.op, bc.c, s.gen.ns, s.hand.ns, s.speed, s.pairedSpeed, s.gen.cpu, s.hand.cpu, s.cpuSpeed, s.pairedCPU,
			s.gen.bytes, s.hand.bytes, s.gen.allocs, s.hand.allocs, verdict)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nspeed = hand-written ÷ generated time of the medians (above 1: generated is faster);\n"+
		"paired = median over rounds of each round's ratio; target: paired wall speed ≥ %.2f\n", target)
}
