package llmtest_test

import (
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/llm/llmtest"
)

func TestServerRecordsRequests(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{
		Reply: func(r llmtest.Request) string { return "echo: " + r.Messages[0].Content },
	})
	c := srv.Client(t)
	got, err := c.Chat(t.Context(), []llm.Message{{Role: "user", Content: "hi"}}, nil)
	if err != nil || got != "echo: hi" {
		t.Fatalf("Chat = %q, %v", got, err)
	}
	if _, err := c.Embed(t.Context(), []string{"one", "two"}); err != nil {
		t.Fatalf("Embed: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || srv.Count("/chat/completions") != 1 || srv.Count("/embeddings") != 1 {
		t.Fatalf("requests = %+v", reqs)
	}
	if in := reqs[1].Inputs; len(in) != 2 || in[0] != "one" || in[1] != "two" {
		t.Errorf("inputs = %q", in)
	}
}

func TestStatusesAndRetryAfter(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{429, 0}, RetryAfter: "3"})
	for i, want := range []int{429, 200, 200} {
		resp, err := http.Post(srv.URL+"/embeddings", "application/json", strings.NewReader(`{"input":["x"],"model":"m"}`))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, want)
		}
		if ra := resp.Header.Get("Retry-After"); (want == 429) != (ra == "3") {
			t.Errorf("request %d: Retry-After %q", i, ra)
		}
	}
}

func TestHashEmbed(t *testing.T) {
	e := llmtest.HashEmbed(64)
	cos := func(a, b []float32) float64 {
		var ab, aa, bb float64
		for i := range a {
			ab += float64(a[i] * b[i])
			aa += float64(a[i] * a[i])
			bb += float64(b[i] * b[i])
		}
		return ab / math.Sqrt(aa*bb)
	}
	q := e("election results in Ohio")
	near := e("Ohio election results announced")
	far := e("recipe for banana bread")
	if cos(q, near) <= cos(q, far) {
		t.Errorf("related texts are not closer: %v <= %v", cos(q, near), cos(q, far))
	}
	if v := e("!!!"); cos(v, v) != 1 {
		t.Errorf("a text without words gives a zero vector")
	}
}

func TestClosedURL(t *testing.T) {
	cfg := llm.Config{Model: config.Default().Model}
	cfg.BaseURL, cfg.ChatModel, cfg.MaxRetries = llmtest.ClosedURL(t), "m", 0
	c, err := llm.New(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(t.Context(), []llm.Message{{Role: "user", Content: "hi"}}, nil)
	if e, ok := err.(*llm.Error); !ok || e.Kind != llm.KindRefused {
		t.Errorf("Chat = %v, want a refused *llm.Error", err)
	}
}
