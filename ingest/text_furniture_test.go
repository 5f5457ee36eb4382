package ingest

import (
	"encoding/json"
	"strings"
	"testing"
)

// The shapes below are those news pages print around their stories (CNN,
// USA TODAY, wire copy), written for this test with invented content.
func TestStripFurniture(t *testing.T) {
	story := "The county opened two new cooling centres on Monday as temperatures passed 40C.\n\n" +
		"Officials said the centres would stay open through the weekend."
	tests := []struct {
		name, furniture string
	}{
		{"video player", "JUST WATCHED Heat wave grips the valley Replay More Videos ... MUST WATCH Heat wave grips the valley 02:19"},
		{"video ad feedback", "Video Ad Feedback 01:15 - Source: CNN See the flooded river take out a bridge"},
		{"read link", "READ: Town council approves new bike lanes"},
		{"also read link", "ALSO READ: Ten questions about your state's history"},
		{"related link", "RELATED:Festival returns to the riverfront"},
		{"read more", "Read More"},
		{"gallery caption", "Photos: Storm season A man clears branches from a road in the north of the county on June 16. Hide Caption 3 of 41"},
		{"wire photo caption", "SPRINGFIELD, IL - MAY 03: A worker repairs a power line after the storm on May 3, 2022 in Springfield, Illinois. (Photo by Jane Roe/Getty Images)"},
		{"newsletter", "This story is part of our Evening Brief newsletter. To get it in your inbox, sign up for free, here."},
		{"newsletter sign up", `(You can get "Morning Briefing" delivered to your inbox daily. Sign up here .)`},
		{"share prompt", "Are the heat waves affecting you? Share your thoughts with our newsroom on the form below."},
		{"follow prompt", "Reach Pat Doe at pdoe@example.com. Follow her on Twitter at @patdoe."},
		{"byline", "By Pat Doe and Sam Roe, CNN"},
		{"credits", "Contributing: Sam Roe, The Associated Press"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.furniture + "\n\n" + story + "\n\n" + tt.furniture
			got, video := stripFurniture(cleanText(in))
			if got != story {
				t.Errorf("stripFurniture left\n%q\nwant the story alone\n%q", got, story)
			}
			if video {
				t.Error("a story with furniture taken for a video page")
			}
		})
	}
}

// TestStripQuiz: a newsletter's multiple-choice quiz (its label, question,
// lettered choices and its "take the quiz" prompt) is not story text: its
// question would match a reader's question and its choices read as an
// answer. A story's own lettered list or question is kept.
func TestStripQuiz(t *testing.T) {
	story := "The county opened two new cooling centres on Monday as temperatures passed 40C."
	tests := []struct{ name, in, want string }{
		{"quiz block", "QUIZ TIME\n\nWhich city opened cooling centres this week?\n\nA. Springfield\n\nB. Shelbyville\n\nC. Ogdenville\n\nD. North Haverbrook\n\nTake our weekly news quiz to see if you're right!\n\n" + story,
			story},
		{"choices on adjacent lines", story + "\n\nWhat did the mayor rename?\nA) The bridge\nB) The park\nTake the quiz\n\nTODAY'S NUMBER", story + "\n\nTODAY'S NUMBER"},
		{"a story's lettered options", "Which plans can residents choose?\n\nA. A free pass to the centres\n\nB. A home visit\n\n" + story,
			"Which plans can residents choose?\n\nA. A free pass to the centres\n\nB. A home visit\n\n" + story},
		{"the question names the quiz", story + "\n\nNews quiz: which city opened cooling centres?\n\nA. Springfield\n\nB. Shelbyville", story},
		{"quiz question as a statement", "Pop quiz\n\nThis city opened cooling centres this week.\n\nA. Springfield\n\nB. Shelbyville\n\n" + story, story},
		{"a story's question with no choices", "Will the centres stay open?\n\n" + story, "Will the centres stay open?\n\n" + story},
		{"a single lettered line", "Who wrote it?\n\nA. Smith, the council's clerk, signed the order.\n\n" + story,
			"Who wrote it?\n\nA. Smith, the council's clerk, signed the order.\n\n" + story},
		{"choices not after a question", story + "\n\nThe plan has two parts.\n\nA. New centres\n\nB. Longer hours",
			story + "\n\nThe plan has two parts.\n\nA. New centres\n\nB. Longer hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := stripFurniture(cleanText(tt.in)); got != tt.want {
				t.Errorf("stripFurniture(%q)\n= %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFurnitureKeepsStory: story lines that mention the same words are kept.
func TestFurnitureKeepsStory(t *testing.T) {
	for _, line := range []string{
		"Following Sunday's race, the league has 90 days to decide whether it will return next year.",
		"The senator said she would subscribe to any plan that lowered costs, and read the bill twice before the vote in the chamber, which lasted long into the night as members argued over every line of the newsletter-style summary handed out by staff.",
		"By the end of the week, the river had fallen by two metres.",
		"Read the full ruling here: the court said the law stands.",
		"Officials watched the video of the collapse again on Tuesday.",
	} {
		if got, _ := stripFurniture(line); got != line {
			t.Errorf("story line removed or changed: %q -> %q", line, got)
		}
	}
}

// TestVideoPageIsItsTitle: a page whose text is only a video player's
// notices is indexed by its title alone (a verbatim line that names the
// story), never the player's notices; one without a usable title is
// skipped with a reason that says so; a story with a player in it is an
// article, without the player's text.
func TestVideoPageIsItsTitle(t *testing.T) {
	player := "1. How relevant is this ad to you?\n\nVideo player was slow to load content Video content never loaded Ad froze or did not finish loading Other issues"
	videoOnly := `{"id":"v","url":"https://example.com/videos/storm","title":"Storm hits the coast","published":"2022-10-10","text":` + jsonString(player) + `}`
	untitled := `{"id":"u","url":"https://example.com/","title":"","published":"2022-10-10","text":` + jsonString(player) + `}`
	story := "JUST WATCHED Storm hits the coast Replay More Videos ... MUST WATCH Storm hits the coast 01:02\n\n" +
		strings.Repeat("The storm brought down power lines across the coast and closed two bridges overnight. ", 5)
	withStory := `{"id":"s","url":"https://example.com/storm","title":"Storm closes bridges","published":"2022-10-10","text":` + jsonString(story) + `}`
	res, err := testLoader(t, Options{}).Parse("pages.jsonl", []byte(videoOnly+"\n"+untitled+"\n"+withStory+"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skips) != 1 || !strings.Contains(res.Skips[0].Reason, "video page") {
		t.Errorf("skips %+v, want the untitled video page skipped as one", res.Skips)
	}
	if len(res.Articles) != 2 || res.Articles[0].ID != "v" || res.Articles[1].ID != "s" {
		t.Fatalf("articles %+v, want the video page and the story", res.Articles)
	}
	if txt := res.Articles[0].Text; txt != "Storm hits the coast" {
		t.Errorf("video page text %q, want its title alone", txt)
	}
	if txt := res.Articles[1].Text; strings.Contains(txt, "JUST WATCHED") || !strings.HasPrefix(txt, "The storm brought down") {
		t.Errorf("story text %q, want it without the player", txt)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
