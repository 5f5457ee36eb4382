package bot

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Stages whose latency is measured, in the order a question goes through them.
const (
	stageAck      = "ack"       // event received -> acknowledged (deferred or placeholder sent)
	stageQueue    = "queue"     // waiting for a free answer slot
	stageFirst    = "first"     // backend called -> first partial text
	stageBackend  = "backend"   // backend called -> answer returned
	stageDeliver  = "deliver"   // answer rendered and sent (final edit and follow-ups)
	stageTotal    = "total"     // event received -> answer delivered
	stageAdminJob = "admin_job" // /reindex or /add, start to end
)

var latencyBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func (h *histogram) observe(v float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets)+1)
	}
	i := sort.SearchFloat64s(latencyBuckets, v) // first bucket with le >= v
	h.counts[i]++
	h.sum += v
	h.n++
}

// metrics are the bot's counters, written in Prometheus' text format by
// hand (no client library needed for a handful of series).
type metrics struct {
	mu          sync.Mutex
	questions   map[string]uint64 // by kind: ask, summarize, mention, followup
	modelErrors uint64
	rateLimited map[string]uint64 // by scope: user, guild, queue
	panics      uint64
	stages      map[string]*histogram
}

func newMetrics() *metrics {
	return &metrics{
		questions:   map[string]uint64{"ask": 0, "summarize": 0, "mention": 0, "followup": 0},
		rateLimited: map[string]uint64{"user": 0, "guild": 0, "queue": 0},
		stages:      map[string]*histogram{},
	}
}

func (m *metrics) question(kind string) {
	m.mu.Lock()
	m.questions[kind]++
	m.mu.Unlock()
}

func (m *metrics) modelError() {
	m.mu.Lock()
	m.modelErrors++
	m.mu.Unlock()
}

func (m *metrics) refused(scope string) {
	m.mu.Lock()
	m.rateLimited[scope]++
	m.mu.Unlock()
}

func (m *metrics) panicked() {
	m.mu.Lock()
	m.panics++
	m.mu.Unlock()
}

func (m *metrics) observe(stage string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.stages[stage]
	if !ok {
		h = &histogram{}
		m.stages[stage] = h
	}
	h.observe(d.Seconds())
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// write renders every series. indexSize may be nil.
func (m *metrics) write(w io.Writer, indexSize func() int, connected bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }

	p("# HELP byline_questions_total Questions and summary requests accepted, by kind.\n# TYPE byline_questions_total counter\n")
	for _, k := range sortedKeys(m.questions) {
		p("byline_questions_total{kind=%q} %d\n", k, m.questions[k])
	}
	p("# HELP byline_model_errors_total Answers that failed or fell back to an extractive answer because the model failed.\n# TYPE byline_model_errors_total counter\n")
	p("byline_model_errors_total %d\n", m.modelErrors)
	p("# HELP byline_rate_limited_total Requests refused by a rate limit or a full answer queue, by scope.\n# TYPE byline_rate_limited_total counter\n")
	for _, k := range sortedKeys(m.rateLimited) {
		p("byline_rate_limited_total{scope=%q} %d\n", k, m.rateLimited[k])
	}
	p("# HELP byline_handler_panics_total Panics recovered in event handlers.\n# TYPE byline_handler_panics_total counter\n")
	p("byline_handler_panics_total %d\n", m.panics)
	p("# HELP byline_answer_stage_seconds Latency of each stage of answering.\n# TYPE byline_answer_stage_seconds histogram\n")
	for _, stage := range sortedKeys(m.stages) {
		h := m.stages[stage]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			p("byline_answer_stage_seconds_bucket{stage=%q,le=%q} %d\n", stage, fmtFloat(le), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		p("byline_answer_stage_seconds_bucket{stage=%q,le=\"+Inf\"} %d\n", stage, cum)
		p("byline_answer_stage_seconds_sum{stage=%q} %s\n", stage, fmtFloat(h.sum))
		p("byline_answer_stage_seconds_count{stage=%q} %d\n", stage, h.n)
	}
	if indexSize != nil {
		p("# HELP byline_index_articles Articles in the index.\n# TYPE byline_index_articles gauge\n")
		p("byline_index_articles %d\n", indexSize())
	}
	up := 0
	if connected {
		up = 1
	}
	p("# HELP byline_gateway_connected Whether the Discord gateway is connected.\n# TYPE byline_gateway_connected gauge\n")
	p("byline_gateway_connected %d\n", up)
}

// Handler serves /healthz (200 while the gateway is connected, 503
// otherwise) and /metrics (Prometheus text format). Run serves it on
// Config.MetricsAddr; it is exported for embedding in another server.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !b.healthy() {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "discord gateway not connected\n")
			return
		}
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		b.metrics.write(w, b.cfg.IndexSize, b.connected.Load())
	})
	return mux
}
