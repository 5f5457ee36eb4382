package feedback

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestVotesOnePerUserChangeableAndKept(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The key that hashes user ids is readable by the owner only.
	if fi, err := os.Stat(filepath.Join(dir, KeyFile)); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("key file: %v %v, want mode 0600", fi, err)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := s.Record(Answer{ID: "a1", Time: now, Question: "Who won?", Mode: "generated"}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		user string
		vote Vote
		prev Vote
	}{
		{"111", Helpful, ""},
		{"111", Helpful, Helpful},
		{"111", NotHelpful, Helpful},
		{"222", Helpful, ""},
	}
	for _, st := range steps {
		prev, err := s.Vote("a1", st.user, st.vote, now)
		if err != nil || prev != st.prev {
			t.Errorf("Vote(%s, %s) = %q, %v; want previous %q", st.user, st.vote, prev, err, st.prev)
		}
	}
	if h, n := s.Tally("a1"); h != 1 || n != 1 {
		t.Errorf("tally %d helpful, %d not helpful; want 1 and 1 (one vote per user)", h, n)
	}
	if _, err := s.Vote("nope", "111", Helpful, now); err != ErrUnknownAnswer {
		t.Errorf("vote on an unknown answer: %v", err)
	}
	s.Close()

	// What was written: no user id in the clear.
	data, err := os.ReadFile(filepath.Join(dir, LogFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"111"`) || strings.Contains(string(data), `"222"`) {
		t.Errorf("the log holds a user id in the clear:\n%s", data)
	}

	// A crash in the middle of a line: the torn line is dropped, the rest kept,
	// and the next record is readable.
	f, _ := os.OpenFile(filepath.Join(dir, LogFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"kind":"vote","answer_id":"a1","us`)
	f.Close()
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if h, n := s2.Tally("a1"); h != 1 || n != 1 {
		t.Errorf("after reopening: %d helpful, %d not helpful; want 1 and 1", h, n)
	}
	if prev, err := s2.Vote("a1", "222", NotHelpful, now); err != nil || prev != Helpful {
		t.Errorf("user 222 changing their vote after a restart: previous %q, %v", prev, err)
	}
	s2.Close()
	s3, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if h, n := s3.Tally("a1"); h != 0 || n != 2 {
		t.Errorf("after the second reopen: %d helpful, %d not helpful; want 0 and 2", h, n)
	}
}

func TestGaps(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	harbour := Source{ArticleID: "h1", Title: "Harbour budget approved", URL: "https://news.example/harbour"}
	ferry := Source{ArticleID: "f1", Title: "Ferry timetable", URL: "https://news.example/ferry"}
	record := func(id, q, mode string, at time.Time, src ...Source) {
		t.Helper()
		if err := s.Record(Answer{ID: id, Time: at, Question: q, Mode: mode, Sources: src}); err != nil {
			t.Fatal(err)
		}
	}
	record("1", "When does the new harbour bridge open?", ModeNotCovered, t0, harbour, ferry)
	record("2", "Harbour bridge opening date?", ModeNotCovered, t0.Add(time.Hour), harbour)
	record("3", "What did the mayor say about the harbour bridge tolls?", "generated", t0.Add(2*time.Hour), harbour)
	record("4", "Who won the chess olympiad?", ModeNotCovered, t0.Add(3*time.Hour))
	record("5", "Who won the local football derby?", "generated", t0.Add(4*time.Hour)) // voted helpful: no gap
	record("6", "Old question about elections", ModeNotCovered, t0.Add(-40*24*time.Hour))
	s.Vote("3", "u1", NotHelpful, t0)
	s.Vote("5", "u1", Helpful, t0)

	got := s.Gaps(t0.Add(-24 * time.Hour))
	want := []Gap{
		{Topic: "bridge, harbour, date", Questions: 3, NotCovered: 2, NotHelpful: 1,
			Example: "What did the mayor say about the harbour bridge tolls?", Last: t0.Add(2 * time.Hour),
			Closest: []Source{harbour, ferry}},
		{Topic: "chess, olympiad, won", Questions: 1, NotCovered: 1, Example: "Who won the chess olympiad?",
			Last: t0.Add(3 * time.Hour), Closest: []Source{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
}
