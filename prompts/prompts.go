// Package prompts holds the prompt templates sent to chat models, embedded in
// the binary. Sources enter the prompt numbered and fenced as untrusted text:
// the model is told to follow no instruction found inside them.
package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"fence": fence,
	"attr":  attr,
}).ParseFS(files, "*.tmpl"))

// Source is one numbered passage given to the model.
type Source struct {
	N         int
	Title     string
	Published string // YYYY-MM-DD or ""
	Outlet    string
	Text      string
}

// Turn is an earlier exchange in a conversation.
type Turn struct{ Question, Answer string }

// AnswerData fills the answer prompt.
type AnswerData struct {
	Question string
	// Asks says what kind of answer the question asks for ("a person",
	// "a date"), so that the model answers that or says NOT COVERED.
	Asks    string
	Today   string // the "as of" date, YYYY-MM-DD
	Sources []Source
	History []Turn
}

// SummaryData fills the summary prompt.
type SummaryData struct {
	Subject string // an article title, or a topic
	Topic   bool
	Today   string
	Sources []Source
}

// BriefData fills the brief prompt: one article, announced in one or two
// sentences when it is new.
type BriefData struct {
	Subject string // the article's title
	Today   string
	Sources []Source
}

// DigestData fills the digest prompt: one source per story of a period.
type DigestData struct {
	Subject string // a topic, or ""
	Topic   bool
	Period  string // the period told, in words ("the day to 2024-05-02 07:00 UTC")
	Today   string
	Sources []Source
}

// Messages is a rendered prompt: a system and a user message.
type Messages struct{ System, User string }

// Answer renders the question-answering prompt.
func Answer(d AnswerData) (Messages, error) { return render("answer", d) }

// Summary renders the summary prompt.
func Summary(d SummaryData) (Messages, error) { return render("summary", d) }

// Brief renders the prompt that announces one new article.
func Brief(d BriefData) (Messages, error) { return render("brief", d) }

// Digest renders the prompt of a period's digest.
func Digest(d DigestData) (Messages, error) { return render("digest", d) }

func render(name string, data any) (Messages, error) {
	var sys, user bytes.Buffer
	if err := templates.ExecuteTemplate(&sys, name+"_system.tmpl", data); err != nil {
		return Messages{}, fmt.Errorf("render %s system prompt: %w", name, err)
	}
	if err := templates.ExecuteTemplate(&user, name+"_user.tmpl", data); err != nil {
		return Messages{}, fmt.Errorf("render %s prompt: %w", name, err)
	}
	return Messages{System: strings.TrimSpace(sys.String()), User: strings.TrimSpace(user.String())}, nil
}

// fence makes untrusted text safe inside <source> delimiters: a source that
// contains the closing tag cannot end its block early.
func fence(s string) string {
	r := strings.NewReplacer("</source>", "</ source>", "<source", "< source")
	return r.Replace(s)
}

// attr makes untrusted text safe inside a double-quoted attribute.
func attr(s string) string {
	r := strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ", "<", "(", ">", ")")
	return r.Replace(s)
}
