package byline

import "strings"

// Code names a kind of error a user may see, for programs (the CLI's exit
// status, JSON output) and for edges that add their own advice.
type Code string

// The codes of errors written for users.
const (
	CodeEmptyQuestion     Code = "empty_question"     // the question has no words
	CodeQuestionTooLong   Code = "question_too_long"  // longer than the configured limit
	CodeNoArticle         Code = "no_article"         // no indexed article matches a reference
	CodeAmbiguous         Code = "ambiguous"          // several articles match a reference
	CodeNotIndexed        Code = "not_indexed"        // nothing is indexed yet
	CodeIndexUnreadable   Code = "index_unreadable"   // the saved index is damaged or from another embedder
	CodeBadInput          Code = "bad_input"          // content given to index could not be read
	CodeRefused           Code = "refused"            // a URL points at an address Byline does not fetch
	CodeNothingAdded      Code = "nothing_added"      // a source yielded no article
	CodeBusy              Code = "busy"               // another index job is running
	CodeSourcesUnreadable Code = "sources_unreadable" // no source of the index could be read again
	CodeInvalidConfig     Code = "invalid_config"     // the configuration has problems
)

// Error is an error written for the person who asked. It is made where the
// failure is understood, and each edge renders it its own way:
//   - Message is a complete sentence fit for any reader (no command to run,
//     no internal detail); the Discord edge shows only this.
//   - Hint is advice for the terminal ("run `byline index --rebuild`"); the
//     CLI prints it under the message, Discord never shows it.
//   - Err is the cause, for logs; it never reaches a Discord user.
//
// errors.Is matches two Errors of the same Code, so a package can export a
// sentinel (var ErrEmptyQuestion = &byline.Error{Code: ...}) and still make
// each error with its own specific message.
type Error struct {
	Code    Code
	Message string
	Hint    string
	Err     error
}

// Error returns the message, then the cause for logs (on the next lines
// when the cause is a list of problems).
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	cause := e.Err.Error()
	if strings.Contains(cause, "\n") {
		return e.Message + ":\n" + cause
	}
	return e.Message + ": " + cause
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
