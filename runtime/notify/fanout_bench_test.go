package notify

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/internal/pgtest"
)

// The shape of BenchmarkFanout's runs: issue 11 compares the hub with a
// hand-written fan-out at 4 publishers and 1,000 subscribers.
var (
	fanoutEvents      = flag.Int("fanout.events", 2000, "events published per run of BenchmarkFanout")
	fanoutSubscribers = flag.Int("fanout.subscribers", 1000, "subscribers of BenchmarkFanout")
	fanoutPublishers  = flag.Int("fanout.publishers", 4, "publishing goroutines of BenchmarkFanout")
	fanoutWindow      = flag.Int("fanout.window", 256, "events in flight at most in BenchmarkFanout's saturated runs")
)

// BenchmarkFanout compares PostgresHub with the fan-out a Go programmer
// writes by hand (handwrittenHub), side by side: each iteration is one
// round that runs both on the same workload, in turn (the hub first on
// even rounds, the hand-written loop first on odd ones), each on a
// database of its own so that neither hears the other's notifications.
// A run publishes -fanout.events events with pg_notify from 4 goroutines,
// at most 256 in flight, to 1,000 subscribers of one tenant, each read by
// a goroutine of its own, and ends when every subscriber has received
// every event. It reports the medians over rounds of each side's events/s
// (events that reached every subscriber) and p99 latency (from just before
// the NOTIFY to each delivery), and the medians of the rounds' ratios:
// throughput-x = hub ÷ hand-written events/s (at least 1 is issue 11's
// target) and p99-x = hub ÷ hand-written p99 (at most 1 is the target).
// It also reports each side's CPU time per event (the whole process's:
// publishers, listener, fan-out and readers, not the server's) and cpu-x,
// hub ÷ hand-written: on a busy machine, or when the publishers' round
// trips to the server bound the throughput, the CPU the fan-out costs
// shows there before it shows in events/s.
//
//	bench/fanout.sh           # 9 rounds, with a summary
//	tools/postgres.sh run go test ./runtime/notify -run '^$' -bench 'Fanout$' -benchtime 9x
//
// The window keeps every subscriber's buffer from overflowing, so both
// sides deliver everything: the benchmark times delivery, not dropping.
func BenchmarkFanout(b *testing.B) {
	hub := newHubSide(b)
	hand := newHandwrittenSide(b)
	var hubRuns, handRuns []fanoutRun
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			hubRuns = append(hubRuns, hub.run(b, *fanoutPublishers, *fanoutWindow))
			handRuns = append(handRuns, hand.run(b, *fanoutPublishers, *fanoutWindow))
		} else {
			handRuns = append(handRuns, hand.run(b, *fanoutPublishers, *fanoutWindow))
			hubRuns = append(hubRuns, hub.run(b, *fanoutPublishers, *fanoutWindow))
		}
	}
	reportRuns(b, hubRuns, handRuns)
}

// BenchmarkFanoutIdle is BenchmarkFanout with one event in flight at a
// time: the next is published once the last reached every subscriber, so
// its latency is that of an idle hub rather than of a queue.
func BenchmarkFanoutIdle(b *testing.B) {
	hub := newHubSide(b)
	hand := newHandwrittenSide(b)
	var hubRuns, handRuns []fanoutRun
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			hubRuns = append(hubRuns, hub.run(b, 1, 1))
			handRuns = append(handRuns, hand.run(b, 1, 1))
		} else {
			handRuns = append(handRuns, hand.run(b, 1, 1))
			hubRuns = append(hubRuns, hub.run(b, 1, 1))
		}
	}
	reportRuns(b, hubRuns, handRuns)
}

// BenchmarkFanoutSide runs one side alone, b.N runs of it, to profile it:
//
//	go test ./runtime/notify -run '^$' -bench 'FanoutSide/hub' -benchtime 5x -cpuprofile /tmp/cpu.out
func BenchmarkFanoutSide(b *testing.B) {
	for _, side := range []struct {
		name string
		make func(testing.TB) *fanoutSide
	}{{"hub", newHubSide}, {"handwritten", newHandwrittenSide}} {
		b.Run(side.name, func(b *testing.B) {
			s := side.make(b)
			var runs []fanoutRun
			for b.Loop() {
				runs = append(runs, s.run(b, *fanoutPublishers, *fanoutWindow))
			}
			b.ReportMetric(medianOf(runs, fanoutRun.eventsPerSecond), "events/s")
			b.ReportMetric(medianOf(runs, fanoutRun.p99ms), "p99-ms")
		})
	}
}

func reportRuns(b *testing.B, hubRuns, handRuns []fanoutRun) {
	var throughput, p99, cpu []float64
	for i := range hubRuns {
		h, w := hubRuns[i], handRuns[i]
		b.Logf("round %d: hub %.0f events/s, p99 %.1f ms, %.0f us/event; hand-written %.0f events/s, p99 %.1f ms, %.0f us/event",
			i+1, h.eventsPerSecond(), h.p99ms(), h.cpuPerEvent(), w.eventsPerSecond(), w.p99ms(), w.cpuPerEvent())
		throughput = append(throughput, hubRuns[i].eventsPerSecond()/handRuns[i].eventsPerSecond())
		p99 = append(p99, hubRuns[i].p99ms()/handRuns[i].p99ms())
		cpu = append(cpu, hubRuns[i].cpuPerEvent()/handRuns[i].cpuPerEvent())
	}
	b.ReportMetric(medianOf(hubRuns, fanoutRun.eventsPerSecond), "hub-events/s")
	b.ReportMetric(medianOf(handRuns, fanoutRun.eventsPerSecond), "hand-events/s")
	b.ReportMetric(median(throughput), "throughput-x")
	b.ReportMetric(medianOf(hubRuns, fanoutRun.p99ms), "hub-p99-ms")
	b.ReportMetric(medianOf(handRuns, fanoutRun.p99ms), "hand-p99-ms")
	b.ReportMetric(median(p99), "p99-x")
	b.ReportMetric(medianOf(hubRuns, fanoutRun.p50ms), "hub-p50-ms")
	b.ReportMetric(medianOf(handRuns, fanoutRun.p50ms), "hand-p50-ms")
	if hubRuns[0].cpu > 0 { // 0 where the OS gives no CPU time (processCPU)
		b.ReportMetric(medianOf(hubRuns, fanoutRun.cpuPerEvent), "hub-cpu-us/event")
		b.ReportMetric(medianOf(handRuns, fanoutRun.cpuPerEvent), "hand-cpu-us/event")
		b.ReportMetric(median(cpu), "cpu-x")
	}
	// Not per op: a round is two runs, and its time is in the metrics above.
	b.ReportMetric(0, "ns/op")
}

// fanoutSide is one fan-out under test: its subscribers, each a function
// returning the id of the next event it receives ("" for a refresh), and
// the pool of the database it listens on.
type fanoutSide struct {
	pool *pgxpool.Pool
	subs []func() string
}

// newHubSide is a PostgresHub with the benchmark's subscribers, listening.
func newHubSide(tb testing.TB) *fanoutSide {
	pool := pgtest.Pool(tb)
	h := NewPostgresHub(pool, HubOptions{Buffer: 2 * *fanoutWindow, Logger: slog.New(slog.DiscardHandler)})
	side := &fanoutSide{pool: pool}
	for range *fanoutSubscribers {
		s := h.Subscribe(Filter{Tenant: "t"})
		tb.Cleanup(s.Close)
		side.subs = append(side.subs, func() string { return (<-s.C).ID })
	}
	startHub(tb, h)
	for _, next := range side.subs {
		if next() != "" {
			tb.Fatal("first event is not the refresh of the first connection")
		}
	}
	return side
}

// handwrittenHub is the fan-out an experienced Go programmer writes for
// one process, the baseline of BenchmarkFanout: one connection LISTENs,
// each notification is decoded once, and a loop offers the shared event
// to every subscriber of its tenant with a non-blocking send. A subscriber
// whose buffer is full silently loses the event: there is no refresh, no
// reconnect and no unsubscribe, which PostgresHub pays for.
type handwrittenHub struct {
	mu   sync.RWMutex
	subs []handwrittenSub
}

type handwrittenSub struct {
	tenant string
	c      chan *Event
}

func (h *handwrittenHub) subscribe(tenant string, buffer int) <-chan *Event {
	c := make(chan *Event, buffer)
	h.mu.Lock()
	h.subs = append(h.subs, handwrittenSub{tenant, c})
	h.mu.Unlock()
	return c
}

// listen delivers notifications until ctx is done; ready is closed once
// LISTEN is active.
func (h *handwrittenHub) listen(ctx context.Context, cfg *pgx.ConnConfig, ready chan<- struct{}) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		conn.Close(context.Background())
		<-conn.PgConn().CleanupDone()
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	close(ready)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		e := new(Event)
		if err := json.Unmarshal([]byte(n.Payload), e); err != nil {
			continue
		}
		h.mu.RLock()
		for _, s := range h.subs {
			if e.Tenant != "" && e.Tenant != s.tenant {
				continue
			}
			select {
			case s.c <- e:
			default:
			}
		}
		h.mu.RUnlock()
	}
}

// newHandwrittenSide is a handwrittenHub with the benchmark's subscribers,
// listening.
func newHandwrittenSide(tb testing.TB) *fanoutSide {
	pool := pgtest.Pool(tb)
	h := &handwrittenHub{}
	side := &fanoutSide{pool: pool}
	for range *fanoutSubscribers {
		c := h.subscribe("t", 2**fanoutWindow)
		side.subs = append(side.subs, func() string { return (<-c).ID })
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- h.listen(ctx, pool.Config().ConnConfig, ready) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("hand-written listener: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		tb.Fatalf("hand-written listener: %v", err)
	}
	return side
}

// fanoutRun is the outcome of one run: how long it took to deliver events
// events, the process's CPU time meanwhile, and every delivery's latency,
// sorted.
type fanoutRun struct {
	events    int
	elapsed   time.Duration
	cpu       time.Duration
	latencies []time.Duration
}

func (r fanoutRun) eventsPerSecond() float64 { return float64(r.events) / r.elapsed.Seconds() }
func (r fanoutRun) cpuPerEvent() float64 {
	return float64(r.cpu) / float64(time.Microsecond) / float64(r.events)
}
func (r fanoutRun) p50ms() float64 { return r.percentile(0.50) }
func (r fanoutRun) p99ms() float64 { return r.percentile(0.99) }

func (r fanoutRun) percentile(p float64) float64 {
	return float64(r.latencies[int(p*float64(len(r.latencies)-1))]) / float64(time.Millisecond)
}

// run publishes -fanout.events events from publishers goroutines, at most
// window in flight, and returns once every subscriber has received all of
// them. A refresh fails the benchmark: it means a buffer overflowed.
func (s *fanoutSide) run(tb testing.TB, publishers, window int) fanoutRun {
	n := *fanoutEvents
	sentAt := make([]atomic.Int64, n)  // unix nanoseconds just before each NOTIFY
	pending := make([]atomic.Int32, n) // subscribers yet to receive each event
	inFlight := make(chan struct{}, window)
	latencies := make([][]time.Duration, len(s.subs))
	var refreshes atomic.Int64
	var readers sync.WaitGroup
	for i, next := range s.subs {
		readers.Go(func() {
			lat := make([]time.Duration, 0, n)
			for len(lat) < n {
				id := next()
				at := time.Now().UnixNano()
				if id == "" {
					refreshes.Add(1)
					continue
				}
				k, _ := strconv.Atoi(id)
				lat = append(lat, time.Duration(at-sentAt[k].Load()))
				if pending[k].Add(-1) == 0 {
					<-inFlight
				}
			}
			latencies[i] = lat
		})
	}

	start, cpu0 := time.Now(), processCPU()
	var next atomic.Int64
	var pubs sync.WaitGroup
	for range publishers {
		pubs.Go(func() {
			ctx := context.Background()
			for {
				k := int(next.Add(1) - 1)
				if k >= n {
					return
				}
				inFlight <- struct{}{}
				pending[k].Store(int32(len(s.subs)))
				sentAt[k].Store(time.Now().UnixNano())
				if err := sendEvent(ctx, s.pool, Event{Resource: "Product", Op: OpUpdate, ID: strconv.Itoa(k), Tenant: "t"}); err != nil {
					tb.Error(err)
					return
				}
			}
		})
	}
	pubs.Wait()
	readers.Wait()
	elapsed, cpu := time.Since(start), processCPU()-cpu0
	if r := refreshes.Load(); r != 0 {
		tb.Fatalf("%d refreshes during a run: a subscriber overflowed", r)
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	return fanoutRun{events: n, elapsed: elapsed, cpu: cpu, latencies: all}
}

func medianOf(runs []fanoutRun, metric func(fanoutRun) float64) float64 {
	xs := make([]float64, len(runs))
	for i, r := range runs {
		xs[i] = metric(r)
	}
	return median(xs)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
