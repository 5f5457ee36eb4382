package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/byline-bot/byline"
)

// jsonlRecord is one line of a JSON Lines corpus, the format of the
// evaluation corpus: {"id","url","title","published","text"} plus optional
// source and author.
// Only id and author are lenient (flexString): the other fields decode as
// plain strings, which keeps the 36 MB corpus well under a second.
type jsonlRecord struct {
	ID        flexString `json:"id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Published string     `json:"published"`
	Text      string     `json:"text"`
	Source    string     `json:"source"`
	Author    flexString `json:"author"`
}

// errFlexString is the one kind of value flexString refuses; only id and
// author are flexStrings, so the message can name them.
var errFlexString = errors.New(`field "id" or "author": want a string, a number or a list of strings`)

// flexString takes a JSON string, number, null or list of strings, so an
// id written as 42 or authors written as a list do not lose the article.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0:
		return nil
	case b[0] == '"':
		// The common case; a plain string without escapes is copied as is.
		if len(b) >= 2 && bytes.IndexByte(b[1:len(b)-1], '\\') < 0 && bytes.IndexByte(b[1:len(b)-1], '"') < 0 {
			*s = flexString(b[1 : len(b)-1])
			return nil
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case string(b) == "null":
		*s = ""
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if _, err := strconv.ParseFloat(string(b), 64); err != nil {
			return fmt.Errorf("bad number %s", b)
		}
		*s = flexString(b)
	case b[0] == '[':
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return errFlexString
		}
		*s = flexString(strings.Join(list, ", "))
	default:
		return errFlexString
	}
	return nil
}

// parseJSONL streams a JSON Lines file: one article per line. MaxBytes
// bounds each line, not the file, because corpora are large. Blank lines
// are ignored; a broken line becomes a Skip "line N: ..." and the rest is read.
func (l *Loader) parseJSONL(name, origin string, r io.Reader, c *collector) {
	br := bufio.NewReaderSize(r, 256<<10)
	head, _ := br.Peek(sniffLen)
	if len(head) == 0 {
		c.skip(name, "empty file")
		return
	}
	if bytes.IndexByte(head, 0) >= 0 {
		c.skip(name, "binary file (contains NUL bytes)")
		return
	}
	d := doc{name: name, origin: origin}
	// Lines are read in blocks and each block's lines decoded and cleaned on
	// every core (cleaning is most of the work: at 60,000 articles, half a
	// minute on one core); the outcomes are then taken in line order, so
	// skips, notes and duplicate ids come out as from one reader.
	const block = 512
	var (
		lines   [][]byte
		nums    []int
		tooLong []bool
		out     = make([]lineOutcome, block)
		workers = max(1, runtime.GOMAXPROCS(0))
	)
	flush := func() {
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, len(lines)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range next {
					out[k] = l.jsonlLine(d, nums[k], lines[k], tooLong[k])
				}
			}()
		}
		for k := range lines {
			next <- k
		}
		close(next)
		wg.Wait()
		for k := range lines {
			out[k].apply(d.name, c)
			out[k] = lineOutcome{}
		}
		lines, nums, tooLong = lines[:0], nums[:0], tooLong[:0]
	}
	var line []byte
	for n := 1; ; n++ {
		var long bool
		var err error
		line, long, err = readLine(br, line[:0], l.maxBytes)
		if len(line) > 0 || long {
			if n == 1 {
				line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			}
			lines, nums, tooLong = append(lines, bytes.Clone(line)), append(nums, n), append(tooLong, long)
			if len(lines) == block {
				flush()
			}
		}
		if err == io.EOF {
			flush()
			return
		}
		if err != nil {
			flush()
			c.skip(name, fmt.Sprintf("read stopped at line %d: %v", n, err))
			return
		}
	}
}

// lineOutcome is what one line of a JSON Lines file gave: an article, a
// skip reason, a note (or nothing, for a blank line).
type lineOutcome struct {
	art               *byline.Article
	where, skip, note string
}

func (o lineOutcome) apply(name string, c *collector) {
	if o.note != "" {
		c.note(o.note)
	}
	switch {
	case o.skip != "":
		c.skip(name, o.skip)
	case o.art != nil:
		c.add(*o.art, name, o.where)
	}
}

// readLine appends the next line (without its newline) to buf. When the line
// exceeds max bytes the rest of it is consumed and tooLong is set.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max+2 { // room for "\r\n"
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if !tooLong {
			buf = bytes.TrimRight(buf, "\r\n")
			tooLong = int64(len(buf)) > max
		}
		if tooLong {
			buf = buf[:0]
		}
		return buf, tooLong, err
	}
}

// jsonlLine reads one line; it may run on several goroutines at once.
func (l *Loader) jsonlLine(d doc, n int, line []byte, tooLong bool) (o lineOutcome) {
	where := "line " + strconv.Itoa(n)
	if tooLong {
		o.skip = fmt.Sprintf("%s: larger than %d bytes", where, l.maxBytes)
		return o
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return o
	}
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		o.skip = where + ": " + jsonProblem(err)
		return o
	}
	a := byline.Article{
		ID:        strings.TrimSpace(string(rec.ID)),
		URL:       rec.URL,
		Title:     rec.Title,
		Published: parseDate(rec.Published),
		Text:      rec.Text,
		Source:    rec.Source,
		Author:    string(rec.Author),
	}
	if strings.TrimSpace(a.Text) == "" {
		o.skip = where + ": no text"
		return o
	}
	if strings.TrimSpace(rec.Published) != "" && a.Published.IsZero() {
		o.note = fmt.Sprintf("%s %s: published date %q not understood; indexed without a date", d.name, where, rec.Published)
	}
	if a.ID == "" && !isHTTPURL(a.URL) {
		// Neither id nor URL: the content is the only stable identity
		// (line numbers shift when lines are added).
		a.ID = hashID(a.Title + "\n" + a.Text)
	}
	if reason := finish(&a, d); reason != "" {
		o.skip = where + ": " + reason
		return o
	}
	o.art, o.where = &a, where
	return o
}

// jsonProblem words a decoding error for a user, without Go type names.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return "want a JSON object, got " + te.Value
		}
		want := "a string"
		if te.Type != nil && te.Type.Kind() != reflect.String {
			want = te.Type.Kind().String()
		}
		return fmt.Sprintf("field %q: want %s, got %s", te.Field, want, te.Value)
	}
	if errors.Is(err, errFlexString) {
		return err.Error()
	}
	return "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}
