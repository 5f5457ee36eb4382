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
	if f.articles == nil {
		return nil
	}
	return f.articles(query, limit)
}

func (f *fakeBackend) Reindex(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
	if f.reindex == nil {
		return library.Summary{}, nil
	}
	return f.reindex(ctx, progress)
}

func (f *fakeBackend) AddURL(ctx context.Context, url string, progress func(library.Progress)) (library.Summary, error) {
	if f.addURL == nil {
		return library.Summary{}, nil
	}
	return f.addURL(ctx, url, progress)
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
