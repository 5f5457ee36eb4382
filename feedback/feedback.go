// Package feedback keeps what members thought of Byline's answers, in the
// data directory: each answer given (its question, how it was produced, its
// sources) and the helpful / not helpful votes on it, at most one per user
// per answer and changeable. From these it finds coverage gaps: questions
// the articles did not cover or that members found unhelpful, grouped into
// topics.
//
// Nobody's name is stored, and a user id only as a keyed hash (HMAC-SHA256
// with a random key kept beside the log), so the file tells neither who
// voted nor, without the key, whether two answers were voted on by the same
// person elsewhere. Every record is appended to one JSON-lines file and
// synced before a call returns: a crash loses at most the record being
// written, and a torn last line is cut off when the store is opened.
package feedback

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/byline-bot/byline/internal/atomicfile"
)

// Files in the data directory.
const (
	LogFile = "feedback.jsonl"
	KeyFile = "feedback.key"
)

// Vote is a member's verdict on an answer.
type Vote string

const (
	Helpful    Vote = "helpful"
	NotHelpful Vote = "not_helpful"
)

// ModeNotCovered is the mode of an answer saying the articles do not cover
// the question (answer.ModeNotCovered, as a string: this package knows
// nothing of the answer pipeline).
const ModeNotCovered = "not_covered"

// Source is one article an answer drew on.
type Source struct {
	ArticleID string `json:"article_id,omitempty"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// Answer is one answer given, as recorded.
type Answer struct {
	ID       string    `json:"id"`
	Time     time.Time `json:"time"`
	Question string    `json:"question"`
	// Mode is how the answer was produced: generated, extractive, not_covered.
	Mode    string   `json:"mode"`
	Sources []Source `json:"sources,omitempty"`
}

// record is one line of the log: an answer or a vote.
type record struct {
	Kind   string    `json:"kind"` // "answer" or "vote"
	Answer *Answer   `json:"answer,omitempty"`
	ID     string    `json:"answer_id,omitempty"`
	User   string    `json:"user,omitempty"` // keyed hash of the user id
	Vote   Vote      `json:"vote,omitempty"`
	Time   time.Time `json:"time,omitzero"`
}

// Store is the feedback log of one data directory. Its methods are safe for
// concurrent use; one process should write a directory's log at a time (the
// bot; the CLI only reads it).
type Store struct {
	path string
	key  []byte

	mu      sync.Mutex
	f       *os.File                   // opened for appending, on first write
	answers map[string]*Answer         // by answer id
	order   []string                   // answer ids, oldest first
	votes   map[string]map[string]Vote // answer id -> user hash -> vote
}

// ErrUnknownAnswer is returned by Vote for an answer the store has no record of.
var ErrUnknownAnswer = errors.New("no such answer")

// Open reads the feedback log in dir (none yet is fine), creating dir and
// the hashing key if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	key, err := loadKey(filepath.Join(dir, KeyFile))
	if err != nil {
		return nil, fmt.Errorf("feedback key: %w", err)
	}
	s := &Store{path: filepath.Join(dir, LogFile), key: key, answers: map[string]*Answer{}, votes: map[string]map[string]Vote{}}
	if err := s.load(); err != nil {
		return nil, fmt.Errorf("feedback log: %w", err)
	}
	return s, nil
}

// loadKey reads the hashing key, or creates it (written whole, synced,
// then renamed into place, so a crash never leaves half a key).
func loadKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		key, derr := hex.DecodeString(string(bytes.TrimSpace(b)))
		if derr != nil || len(key) < 16 {
			return nil, fmt.Errorf("%s is not a key: delete it to start a new one (votes so far can then no longer be changed)", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// atomicfile writes through os.CreateTemp, so the key file is 0600.
	if err := atomicfile.Write(filepath.Dir(path), filepath.Base(path), []byte(hex.EncodeToString(key)+"\n")); err != nil {
		return nil, err
	}
	return key, nil
}

// load replays the log. A last line without its newline (a write cut short
// by a crash) is cut off, so the next record starts on a line of its own;
// other lines that do not parse are skipped.
func (s *Store) load() error {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if n := bytes.LastIndexByte(data, '\n') + 1; n < len(data) {
		if err := os.Truncate(s.path, int64(n)); err != nil {
			return err
		}
		data = data[:n]
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var r record
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		s.apply(r)
	}
	return sc.Err()
}

func (s *Store) apply(r record) {
	switch r.Kind {
	case "answer":
		if r.Answer == nil || r.Answer.ID == "" {
			return
		}
		if _, ok := s.answers[r.Answer.ID]; !ok {
			s.order = append(s.order, r.Answer.ID)
		}
		a := *r.Answer
		s.answers[a.ID] = &a
	case "vote":
		if r.ID == "" || r.User == "" {
			return
		}
		m := s.votes[r.ID]
		if m == nil {
			m = map[string]Vote{}
			s.votes[r.ID] = m
		}
		m[r.User] = r.Vote
	}
}

// appendLocked writes r as one line and syncs it.
func (s *Store) appendLocked(r record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if s.f == nil {
		f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return err
		}
		s.f = f
	}
	if _, err := s.f.Write(append(line, '\n')); err != nil {
		return err
	}
	return s.f.Sync()
}

// Record stores an answer given. An answer without an id or question is
// refused.
func (s *Store) Record(a Answer) error {
	if a.ID == "" || a.Question == "" {
		return errors.New("feedback: an answer needs an id and a question")
	}
	if a.Time.IsZero() {
		a.Time = time.Now()
	}
	a.Time = a.Time.UTC().Truncate(time.Second)
	s.mu.Lock()
	defer s.mu.Unlock()
	r := record{Kind: "answer", Answer: &a}
	if err := s.appendLocked(r); err != nil {
		return fmt.Errorf("feedback: record answer: %w", err)
	}
	s.apply(r)
	return nil
}

// Vote records userID's verdict on an answer, replacing their earlier one,
// and returns that earlier one ("" if none). A vote equal to the earlier
// one changes nothing and writes nothing.
func (s *Store) Vote(answerID, userID string, v Vote, now time.Time) (previous Vote, err error) {
	if v != Helpful && v != NotHelpful {
		return "", fmt.Errorf("feedback: unknown vote %q", v)
	}
	user := s.hash(userID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.answers[answerID]; !ok {
		return "", ErrUnknownAnswer
	}
	previous = s.votes[answerID][user]
	if previous == v {
		return previous, nil
	}
	r := record{Kind: "vote", ID: answerID, User: user, Vote: v, Time: now.UTC().Truncate(time.Second)}
	if err := s.appendLocked(r); err != nil {
		return previous, fmt.Errorf("feedback: record vote: %w", err)
	}
	s.apply(r)
	return previous, nil
}

// Tally counts the current votes on an answer.
func (s *Store) Tally(answerID string) (helpful, notHelpful int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.votes[answerID] {
		switch v {
		case Helpful:
			helpful++
		case NotHelpful:
			notHelpful++
		}
	}
	return helpful, notHelpful
}

// hash is the keyed hash stored instead of a user id.
func (s *Store) hash(userID string) string {
	m := hmac.New(sha256.New, s.key)
	io.WriteString(m, userID)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Close closes the log file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
