package bot

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

func itoa(n int) string { return strconv.Itoa(n) }

// parseMention removes every mention of the bot (<@id> or <@!id>) from
// content and reports whether there was one. The rest, trimmed, is the
// question.
func parseMention(content, botID string) (question string, mentioned bool) {
	if botID == "" {
		return strings.TrimSpace(content), false
	}
	for _, tag := range []string{"<@" + botID + ">", "<@!" + botID + ">"} {
		if strings.Contains(content, tag) {
			mentioned = true
			content = strings.ReplaceAll(content, tag, " ")
		}
	}
	return strings.Join(strings.Fields(content), " "), mentioned
}

const (
	msgNoQuestion    = "Please include a question, for example: `/ask question: What did the minister say about the budget?`"
	msgTooLongPrefix = "Questions can be at most "
)

// checkQuestion returns a message for the asker when q cannot be asked, or "".
func checkQuestion(q string, maxChars int) string {
	n := utf8.RuneCountInString(q)
	switch {
	case strings.TrimSpace(q) == "":
		return msgNoQuestion
	case n > maxChars:
		return msgTooLongPrefix + itoa(maxChars) + " characters; yours has " + itoa(n) + ". Please shorten it."
	}
	return ""
}

// threadName turns a question into a thread title (Discord allows 100 characters).
func threadName(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		return "Byline"
	}
	return truncate(q, 90)
}
