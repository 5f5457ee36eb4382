package ingest

import (
	"regexp"
	"strings"
)

// Page furniture: the lines a news page prints around its story that are
// not the story (a video player's notices, photo captions, "READ:" links,
// newsletter and share prompts, bylines). Left in, they are quoted as
// answers ("JUST WATCHED … Replay More Videos") and match questions by
// chance. Each rule looks at one whole line, as cleanText leaves it, and
// each was written from pages in the wild (see text_furniture_test.go).
var (
	// A video player's notices: "JUST WATCHED <title> Replay More Videos
	// ... MUST WATCH <title> 02:19", "Video Ad Feedback 00:59 - Source: CNN
	// <title>", and its ad feedback form ("1. How relevant is this ad to
	// you?", "Video player was slow to load content …").
	rePlayer = regexp.MustCompile(`^(?:JUST WATCHED\b.*\bReplay More Videos\b|Video Ad Feedback\b|MUST WATCH\b.*\d:\d\d$|\d\. How relevant is this ad to you\?$|Video player was slow to load content\b)`)
	// Links to other stories: "READ: …", "ALSO READ: …", "RELATED: …",
	// "MORE: …", "Read More", "WATCH: …".
	reLinkLine = regexp.MustCompile(`^(?:(?:ALSO |MUST )?READ(?: MORE)?|RELATED(?: STORY| STORIES| CONTENT)?|MORE|WATCH|LISTEN|SEE ALSO|RECOMMENDED)\s*:|^Read [Mm]ore\.?$`)
	// Captions: a gallery's "Photos: … Hide Caption 2 of 226", a wire
	// photo's "CITY, STATE - MONTH 03: … (Photo by X/Getty Images)".
	reCaption = regexp.MustCompile(`\bHide Caption(?: \d+ of \d+)?$|^Photos?: .*\bHide Caption\b|^[A-Z][A-Z .'’,-]+ - [A-Z]+ \d{1,2}: |\((?:Photo|Image) (?:by|credit|courtesy)[^)]*\)$|(?:/| )(?:Getty Images|AFP via Getty Images|AP Photo|Reuters)\)?$`)
	// Bylines and credits: "By Jane Doe, CNN", "Contributing: Mike Snider",
	// "Reach Jane at jane@paper.com or 555-0100."
	reByline = regexp.MustCompile(`^(?:By [A-Z][\pL.'’-]+(?: [A-Z][\pL.'’-]+){0,3}(?:(?:,| and) [A-Z][\pL.'’ -]+)*$|Contributing:|Reach [A-Z].{0,60}\S+@\S+)`)
	// Newsletter and share prompts.
	rePrompt = regexp.MustCompile(`(?i)\b(?:sign up|subscribe)\W+(?:\w+\W+){0,8}?(?:newsletter|inbox|here)\b|\bnewsletter\W+(?:\w+\W+){0,8}?(?:sign up|subscribe|inbox)\b|\bshare your (?:thoughts|story|photos)\b|\bfollow (?:us|him|her|them|[A-Z]\w+) on (?:twitter|facebook|instagram)\b`)
)

// A newsletter's quiz: "QUIZ TIME", a question, its lettered choices
// ("A. IKEA" … "D. Petco") and "Take our weekly news quiz". Left in, the
// quiz question matches the very question a reader asks, and its choices
// read as the answer.
var (
	reChoice    = regexp.MustCompile(`^[A-F][.)] \S`)
	reQuizLabel = regexp.MustCompile(`(?i)\bquiz\b`)
)

// maxFurniture is the longest line a prompt or byline rule may remove: a
// longer line is a paragraph of the story that happens to mention a
// newsletter or an author.
const maxFurniture = 300

// furnitureKind says what a line is, "" for story text.
func furnitureKind(line string) string {
	l := strings.TrimSpace(line)
	switch {
	case l == "":
		return ""
	case mayBePlayer(l) && rePlayer.MatchString(l):
		return "player"
	case strings.IndexByte("ARMWLS", l[0]) >= 0 && reLinkLine.MatchString(l):
		return "link"
	case mayBeCaption(l) && reCaption.MatchString(l):
		return "caption"
	case len(l) <= maxFurniture && (mayBeByline(l) && reByline.MatchString(l) || mayBePrompt(l) && rePrompt.MatchString(l)):
		return "prompt"
	}
	return ""
}

// mayBePlayer and mayBeCaption hold the words their expressions cannot
// match without: most lines of a story have none of them, and the
// expressions, unanchored over paragraphs of a thousand characters, took
// four fifths of ingesting a corpus.
func mayBePlayer(l string) bool {
	return strings.Contains(l, "WATCH") || strings.Contains(l, "Video") || strings.Contains(l, "this ad to you")
}

func mayBeByline(l string) bool {
	return strings.HasPrefix(l, "By ") || strings.HasPrefix(l, "Contributing:") || strings.HasPrefix(l, "Reach ")
}

func mayBePrompt(l string) bool {
	l = strings.ToLower(l)
	return strings.Contains(l, "sign up") || strings.Contains(l, "subscribe") || strings.Contains(l, "newsletter") ||
		strings.Contains(l, "share your") || strings.Contains(l, "follow ")
}

func mayBeCaption(l string) bool {
	return strings.Contains(l, "Caption") || strings.Contains(l, "Photo") || strings.Contains(l, "Image") ||
		strings.Contains(l, "Getty") || strings.Contains(l, "AP Photo") || strings.Contains(l, "Reuters") ||
		len(l) > 1 && l[0] >= 'A' && l[0] <= 'Z' && l[1] >= 'A' && l[1] <= 'Z' && strings.Contains(l, " - ")
}

// stripFurniture removes the furniture lines from cleaned text. onlyPlayer
// is true when the text held a video player's notices and next to nothing
// else (fewer than minStoryWords words): a video page, not an article.
// A page of captions alone (a photo gallery) is left with no text.
func stripFurniture(s string) (text string, onlyPlayer bool) {
	lines := strings.Split(s, "\n")
	quiz := quizLines(lines)
	kept := lines[:0]
	player := false
	for i, l := range lines {
		if quiz[i] {
			continue
		}
		switch furnitureKind(l) {
		case "":
			kept = append(kept, l)
		case "player":
			player = true
		}
	}
	text = strings.TrimSpace(strings.Join(kept, "\n"))
	// Removed lines leave runs of blank lines behind.
	for strings.Contains(text, "\n\n\n") {
		text = strings.ReplaceAll(text, "\n\n\n", "\n\n")
	}
	return text, player && len(strings.Fields(text)) < minStoryWords
}

// quizLines marks the lines of multiple-choice quizzes: a run of lettered
// choices from "A." on (two at least, blank lines between them allowed) and
// the line before it (the question), when the question or a short line
// just before it or after the choices names a quiz ("QUIZ TIME", "Take our
// news quiz to see if you're right!"); without one, a lettered list is the
// story's own (an FAQ's options).
func quizLines(lines []string) map[int]bool {
	var quiz map[int]bool
	// near returns the nearest non-blank line from i in steps of step.
	near := func(i, step int) int {
		for i += step; i >= 0 && i < len(lines) && strings.TrimSpace(lines[i]) == ""; i += step {
		}
		return i
	}
	// label reports whether line k names a quiz.
	label := func(k int) bool {
		return k >= 0 && k < len(lines) && len(lines[k]) <= maxFurniture && reQuizLabel.MatchString(lines[k])
	}
	for i := 0; i < len(lines); i++ {
		if l := strings.TrimSpace(lines[i]); l == "" || l[0] != 'A' || !reChoice.MatchString(l) {
			continue
		}
		choices := []int{i}
		for j := near(i, 1); j < len(lines); j = near(j, 1) {
			l := strings.TrimSpace(lines[j])
			if !reChoice.MatchString(l) || l[0] != 'A'+byte(len(choices)) {
				break
			}
			choices = append(choices, j)
		}
		q := near(i, -1)
		before, after := near(q, -1), near(choices[len(choices)-1], 1)
		if len(choices) < 2 || q < 0 || !label(q) && !label(before) && !label(after) {
			continue
		}
		if quiz == nil {
			quiz = map[int]bool{}
		}
		for _, k := range append(choices, q) {
			quiz[k] = true
		}
		for _, k := range []int{before, after} {
			if label(k) {
				quiz[k] = true
			}
		}
		i = choices[len(choices)-1]
	}
	return quiz
}

// minStoryWords is the fewest words of its own a page with a video player
// needs to be an article: a line or two of description is the player's
// page, not a story.
const minStoryWords = 15
