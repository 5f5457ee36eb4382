package bot

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// latencyStage is a step whose latency is measured: the stage label of
// byline_answer_stage_seconds.
type latencyStage string

// Stages whose latency is measured, in the order a question goes through them.
const (
	stageAck      latencyStage = "ack"       // event received -> acknowledged (deferred or placeholder sent)
	stageQueue    latencyStage = "queue"     // waiting for a free answer slot
	stageFirst    latencyStage = "first"     // backend called -> first partial text
	stageBackend  latencyStage = "backend"   // backend called -> answer returned
	stageDeliver  latencyStage = "deliver"   // answer rendered and sent (final edit and follow-ups)
	stageTotal    latencyStage = "total"     // event received -> answer delivered
	stageAdminJob latencyStage = "admin_job" // /reindex or /add, start to end
)

// questionKind is how a question reached the bot: the kind label of
// byline_questions_total.
type questionKind string

const (
	kindAsk       questionKind = "ask"       // /ask
	kindSummarize questionKind = "summarize" // /summarize
	kindMention   questionKind = "mention"   // a message mentioning the bot, or a DM
	kindFollowUp  questionKind = "followup"  // a message in a thread the bot answers in
)

// questionKinds are reported from the start, at zero.
var questionKinds = []questionKind{kindAsk, kindSummarize, kindMention, kindFollowUp}

// limitScope is what refused a request: the scope label of
// byline_rate_limited_total.
type limitScope string

const (
	scopeUser  limitScope = "user"  // the user's token bucket
	scopeGuild limitScope = "guild" // the guild's token bucket
	scopeQueue limitScope = "queue" // the answer queue was full
)

// limitScopes are reported from the start, at zero.
var limitScopes = []limitScope{scopeUser, scopeGuild, scopeQueue}

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
	questions   map[questionKind]uint64
	modelErrors uint64
	rateLimited map[limitScope]uint64
	panics      uint64
	stages      map[latencyStage]*histogram
}

func newMetrics() *metrics {
	m := &metrics{
		questions:   make(map[questionKind]uint64, len(questionKinds)),
		rateLimited: make(map[limitScope]uint64, len(limitScopes)),
		stages:      map[latencyStage]*histogram{},
	}
	for _, k := range questionKinds {
		m.questions[k] = 0
	}
	for _, s := range limitScopes {
		m.rateLimited[s] = 0
	}
	return m
}

func (m *metrics) question(kind questionKind) {
	m.mu.Lock()
	m.questions[kind]++
	m.mu.Unlock()
}

func (m *metrics) modelError() {
	m.mu.Lock()
	m.modelErrors++
	m.mu.Unlock()
}

func (m *metrics) refused(scope limitScope) {
	m.mu.Lock()
	m.rateLimited[scope]++
	m.mu.Unlock()
}

func (m *metrics) panicked() {
	m.mu.Lock()
	m.panics++
	m.mu.Unlock()
}

func (m *metrics) observe(stage latencyStage, d time.Duration) {
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

func sortedKeys[K ~string, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
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
