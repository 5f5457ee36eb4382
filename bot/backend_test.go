package bot

import (
	"context"
	"sync"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/library"
)

// fakeBackend is a hand-written Backend: each method runs the function a
// test sets, or returns a zero value; calls are recorded.
type fakeBackend struct {
	ask       func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error)
	summarize func(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error)
	articles  func(query string, limit int) []library.ArticleInfo
	reindex   func(ctx context.Context, progress func(library.Progress)) (library.Summary, error)
	addURL    func(ctx context.Context, url string, progress func(library.Progress)) (library.Summary, error)
	addFile   func(ctx context.Context, name string, data []byte) (library.Summary, error)

	mu        sync.Mutex
	asks      []answer.Request
	summaries []answer.SummaryRequest
	urls      []string
	files     map[string][]byte
}

func (f *fakeBackend) Ask(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
	f.mu.Lock()
	f.asks = append(f.asks, req)
	fn := f.ask
	f.mu.Unlock()
	if fn == nil {
		return answer.Answer{}, nil
	}
	return fn(ctx, req, onPartial)
}

func (f *fakeBackend) Summarize(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error) {
	f.mu.Lock()
	f.summaries = append(f.summaries, req)
	fn := f.summarize
	f.mu.Unlock()
	if fn == nil {
		return answer.Answer{}, nil
	}
	return fn(ctx, req)
}

func (f *fakeBackend) Articles(query string, limit int) []library.ArticleInfo {
	f.mu.Lock()
	fn := f.articles
	f.mu.Unlock()
	if fn == nil {
		return nil
	}
	return fn(query, limit)
}

func (f *fakeBackend) Reindex(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
	f.mu.Lock()
	fn := f.reindex
	f.mu.Unlock()
	if fn == nil {
		return library.Summary{}, nil
	}
	return fn(ctx, progress)
}

func (f *fakeBackend) AddURL(ctx context.Context, url string, progress func(library.Progress)) (library.Summary, error) {
	f.mu.Lock()
	f.urls = append(f.urls, url)
	fn := f.addURL
	f.mu.Unlock()
	if fn == nil {
		return library.Summary{}, nil
	}
	return fn(ctx, url, progress)
}

// set changes the fake's behaviour (set assigns its fields) while the bot runs.
func (f *fakeBackend) set(assign func(f *fakeBackend)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	assign(f)
}

// askRequest returns the recorded request with this question.
func (f *fakeBackend) askRequest(question string) (answer.Request, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.asks {
		if r.Question == question {
			return r, true
		}
	}
	return answer.Request{}, false
}

func (f *fakeBackend) AddFile(ctx context.Context, name string, data []byte) (library.Summary, error) {
	f.mu.Lock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[name] = data
	fn := f.addFile
	f.mu.Unlock()
	if fn == nil {
		return library.Summary{}, nil
	}
	return fn(ctx, name, data)
}

// file returns the data AddFile received under name.
func (f *fakeBackend) file(name string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[name]
	return data, ok
}
