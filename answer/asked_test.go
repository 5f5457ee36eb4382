package answer

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/llm/llmtest"
	"github.com/byline-bot/byline/retrieval"
)

func TestReadQuestion(t *testing.T) {
	tests := []struct {
		q     string
		kind  Kind
		years []string
		names []string
	}{
		{"Which team won the 2022 NHL Stanley Cup Finals?", KindOrg, []string{"2022"}, []string{"nhl", "stanley", "cup", "finals"}},
		{"Who acquired Instagram?", KindPerson, nil, []string{"instagram"}},
		// "US" alone sets the scope; in "US Open" it is part of a name.
		{"Where in the US is it illegal to pump your own gas?", KindPlace, nil, nil},
		{"Which movie topped the US box office?", KindThing, nil, nil},
		{"Who became prime minister of the United Kingdom?", KindPerson, nil, []string{"uk"}},
		{"When was OpenAI founded?", KindDate, nil, []string{"openai"}},
		{"When does the iPhone 11 release?", KindDate, nil, []string{"iphone"}},
		{"Approximately how many baby swings and rockers were recalled this week?", KindNumber, nil, nil},
		{"Why did some cities cancel their Fourth of July fireworks displays this year?", KindReason, nil, []string{"fourth"}},
		// "How soon" asks when; "how did" a manner.
		{"NASA set a new launch date. How soon could the attempt occur?", KindDate, nil, nil},
		{"How did the rocket reach orbit?", KindReason, nil, nil},
		{"Which major holiday did India celebrate this week?", KindEvent, nil, []string{"india"}},
		{"Is the US Open played on grass?", KindYesNo, nil, []string{"us", "open"}},
		// Context first, then the asking sentence: the kind comes from the latter.
		{"Baseball legend Vin Scully died this week at the age of 94. Which team did he famously call games for?", KindOrg, nil, nil},
		{"Which condiment are supermarkets in France struggling to stock?", KindThing, nil, []string{"france"}},
		// A name between the asking word and its noun describes the answer.
		{"A storm hit which Caribbean island on Monday?", KindPlace, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := readQuestion(tt.q)
			if a.Kind != tt.kind || !slices.Equal(a.Years, tt.years) || !slices.Equal(a.Names, tt.names) {
				t.Errorf("kind %s years %q names %q; want %s %q %q", a.Kind, a.Years, a.Names, tt.kind, tt.years, tt.names)
			}
		})
	}
}

// stanleyCup is a library where several articles restate the question and
// one states its answer.
func stanleyCup(t *testing.T, withAnswer bool) corpus {
	t.Helper()
	arts := []byline.Article{
		{ID: "preview", Title: "Stanley Cup Final preview", Published: day("2022-06-14"),
			Text: "Who will win the Stanley Cup? The Stanley Cup Final resumes on Wednesday night in Tampa. " +
				"Fans have waited all season for the Stanley Cup Final to begin. Tickets for the Stanley Cup Final sold out quickly."},
		{ID: "ratings", Title: "Stanley Cup ratings", Published: day("2022-06-25"),
			Text: "Television ratings for the Stanley Cup Final rose this year across the United States. " +
				"The league said the Stanley Cup Final drew more viewers than last season."},
	}
	if withAnswer {
		arts = append(arts, byline.Article{ID: "final", Title: "Avalanche win the Stanley Cup", Published: day("2022-06-27"),
			Text: "The Colorado Avalanche won the Stanley Cup on Sunday, beating the Tampa Bay Lightning 2-1 in Game 6. " +
				"It is the franchise's third championship."})
	}
	ix, _, err := retrieval.Build(context.Background(), nil, arts, retrieval.BuildOptions{Embedder: wordHash{},
		Chunk: retrieval.ChunkConfig{Size: 400, Overlap: 80}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	return corpus{ix}
}

// TestAnswerStatesWhatIsAsked: "who won" is answered by the sentence that
// names the winner, not by sentences that restate the question; with no
// such sentence the answer is "not covered", naming the closest articles.
func TestAnswerStatesWhatIsAsked(t *testing.T) {
	q := Request{Question: "Who won the Stanley Cup?", AsOf: day("2022-06-28")}
	c := stanleyCup(t, true)
	a, err := mustNew(t, nil, c, nil, quiet()).Ask(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Colorado Avalanche won") {
		t.Fatalf("answer %q, want the sentence naming the winner", a.Answer)
	}
	for _, restated := range []string{"Who will win", "resumes on Wednesday", "ratings", "drew more viewers"} {
		if strings.Contains(a.Answer, restated) {
			t.Errorf("answer quotes a sentence that does not answer (%q): %q", restated, a.Answer)
		}
	}
	checkCitationsHold(t, c, a)

	c = stanleyCup(t, false)
	a, err = mustNew(t, nil, c, nil, quiet()).Ask(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeNotCovered || !strings.HasPrefix(a.Answer, notCoveredText) || len(a.Sources) == 0 {
		t.Fatalf("answer %+v, want not covered naming the closest articles", a)
	}
	if !strings.Contains(a.Answer, "Stanley Cup") {
		t.Errorf("not covered answer names no close article: %q", a.Answer)
	}
}

// TestGeneratedAnswerMustStateWhatIsAsked: the model is told what kind of
// answer is asked for, and an answer whose cited passages do not state one
// is replaced by "not covered".
func TestGeneratedAnswerMustStateWhatIsAsked(t *testing.T) {
	c := stanleyCup(t, false)
	srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string {
		return "The Tampa Bay Lightning won the Stanley Cup [1]."
	}})
	a, err := mustNew(t, nil, c, srv.Client(t), quiet()).Ask(context.Background(),
		Request{Question: "Who won the Stanley Cup?", AsOf: day("2022-06-28")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeNotCovered || len(a.Citations) != 0 || !strings.Contains(a.Note, "do not state") {
		t.Errorf("answer %+v, want not covered with a note", a)
	}
	reqs := srv.Requests()
	if len(reqs) == 0 || !strings.Contains(reqs[0].Messages[len(reqs[0].Messages)-1].Content, "The question asks for a person") {
		t.Errorf("the prompt does not say what is asked: %+v", reqs)
	}

	// With the answer indexed, the same answer style stands.
	c = stanleyCup(t, true)
	srv = llmtest.NewServer(t, llmtest.Options{Reply: func(req llmtest.Request) string {
		user := req.Messages[len(req.Messages)-1].Content
		for n := 1; n <= 5; n++ {
			if i := strings.Index(user, `<source n="`+string(rune('0'+n))+`"`); i >= 0 && strings.Contains(user[i:min(len(user), i+300)], "Colorado Avalanche") {
				return "The Colorado Avalanche won the Stanley Cup [" + string(rune('0'+n)) + "]."
			}
		}
		return "NOT COVERED"
	}})
	a, err = mustNew(t, nil, c, srv.Client(t), quiet()).Ask(context.Background(),
		Request{Question: "Who won the Stanley Cup?", AsOf: day("2022-06-28")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeGenerated || !strings.Contains(a.Answer, "Colorado Avalanche") {
		t.Errorf("answer %+v, want the generated answer", a)
	}
	checkCitationsHold(t, c, a)
}

// TestNothingAfterNowAnswers: an article published after "now" (the
// request's date, or the pipeline's clock when it has none) never answers
// and is not named among the closest articles.
func TestNothingAfterNowAnswers(t *testing.T) {
	c := stanleyCup(t, true) // the answer is dated 2022-06-27
	q := "Who won the Stanley Cup?"
	for _, tt := range []struct {
		name   string
		asOf   string // the request's date
		clock  string // the pipeline's clock
		answer bool
	}{
		{"the day before", "2022-06-26", "2030-01-01", false},
		{"the day itself", "2022-06-27", "2030-01-01", true},
		{"clock before", "", "2022-06-26", false},
		{"clock after", "", "2022-07-01", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustNew(t, func(cfg *Config) { cfg.Now = func() time.Time { return day(tt.clock) } }, c, nil, quiet())
			a, err := p.Ask(context.Background(), Request{Question: q, AsOf: day(tt.asOf)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(a.Answer, "Colorado Avalanche won"); got != tt.answer {
				t.Errorf("answered with the 2022-06-27 article: %v, want %v\n%s", got, tt.answer, a.Answer)
			}
			for _, s := range a.Sources {
				if !tt.answer && s.ArticleID == "final" {
					t.Errorf("a later article is named: %+v", a.Sources)
				}
			}
		})
	}
}

// TestCountryNamedAnotherWay: a sentence about "Britain's" prime minister
// speaks of the United Kingdom; one about another country does not.
func TestCountryNamedAnotherWay(t *testing.T) {
	q := "Who became prime minister of the United Kingdom?"
	a := readQuestion(q)
	for s, want := range map[string]bool{
		"Rishi Sunak was selected prime minister by Britain's ruling Conservative Party on Monday.": true,
		"Giorgia Meloni was sworn in as prime minister of Italy on Saturday in Rome.":               false,
	} {
		if got := a.answers(s, s, "", "2022", termSet(q)); got != want {
			t.Errorf("answers(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCountryOpensASentence: a country is a name even as a sentence's first
// word in a passage that writes it nowhere else.
func TestCountryOpensASentence(t *testing.T) {
	s := "China is home to 1.4 billion people, so the breach could reach most of the population."
	if got := newNames(s, s, termSet("Where did the data breach happen?")); !slices.Contains(got, "China") {
		t.Errorf("new names %q, want China", got)
	}
	s = "Officials said the breach was found last week."
	if got := newNames(s, s, termSet("Where did the data breach happen?")); len(got) != 0 {
		t.Errorf("new names %q, want none", got)
	}
}

// TestFirstWordPartedByAMark: a sentence's first word set apart by a comma
// or a closing quote is no name for the capitalized word after it.
func TestFirstWordPartedByAMark(t *testing.T) {
	s := "“Sure,” Orbit's voice assistant answered, giving a standard reply."
	if got := newNames(s, s, termSet("What is the name of Orbit's voice assistant?")); len(got) != 0 {
		t.Errorf("new names %q, want none", got)
	}
	s = "Colorado Avalanche won the Stanley Cup on Sunday."
	if got := newNames(s, s, termSet("Who won the Stanley Cup?")); !slices.Contains(got, "Colorado Avalanche") {
		t.Errorf("new names %q, want Colorado Avalanche", got)
	}
}

// TestAppointedTo checks which role a "who was named/elected..." question
// asks who was put in.
func TestAppointedTo(t *testing.T) {
	tests := []struct{ q, want string }{
		{"Who was named the new head coach of the Denver Broncos?", "coach"},
		{"Who was sworn in as prime minister of the UK?", "minister"},
		{"Who was appointed CEO of Disney?", "ceo"},
		{"Who was named Time's Person of the Year?", ""},
		{"Who was elected to the Senate in Georgia?", ""},
	}
	for _, tc := range tests {
		if got := appointedTo(tc.q); got != tc.want {
			t.Errorf("appointedTo(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
