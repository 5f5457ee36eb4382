package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/retrieval"
)

// story is a made-up article for the whole-answer scenarios below.
type story struct{ id, published, title, text string }

// fillers are unrelated stories, so that the words of a scenario's topic
// are rare in the index, as they are in a real one.
var fillers = []story{
	{"f-weather", "2023-01-03", "Cold snap grips the north",
		"Temperatures fell below freezing across the north on Tuesday, and schools opened late. Forecasters expect milder air by the weekend."},
	{"f-recipe", "2023-02-14", "A soup for winter evenings",
		"Roast the squash until soft, then blend it with stock and a little cream. Serve with toasted seeds and warm bread."},
	{"f-league", "2023-03-20", "City edge United in derby",
		"City beat United 2-1 on Saturday with a late goal from a substitute. The result lifts City to third in the table."},
	{"f-rates", "2023-04-25", "Central bank holds rates",
		"The central bank kept its main interest rate unchanged on Thursday, saying inflation was easing but remained above target. " +
			"Economists expect a cut later in the year."},
	{"f-museum", "2023-05-30", "Museum reopens after renovation",
		"The city museum reopened on Sunday after a two-year renovation that added a glass roof and a new wing for modern art. " +
			"Visitors queued around the block."},
	{"f-traffic", "2023-06-05", "Roadworks on the ring road",
		"Drivers should expect delays on the ring road this summer while crews resurface two lanes. The work runs at night where possible."},
}

// indexed builds a real retrieval index over stories.
func indexed(t *testing.T, stories []story) corpus {
	t.Helper()
	stories = append(slices.Clone(stories), fillers...)
	arts := make([]byline.Article, len(stories))
	for i, s := range stories {
		arts[i] = byline.Article{ID: s.id, Title: s.title, URL: "https://example.com/" + s.id,
			Published: day(s.published), Text: s.text}
	}
	ix, _, err := retrieval.Build(context.Background(), nil, arts, retrieval.BuildOptions{Embedder: wordHash{},
		Chunk: retrieval.ChunkConfig{Size: 400, Overlap: 80}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	return corpus{ix}
}

// firstQuote returns the first quoted line of an extractive answer.
func firstQuote(a Answer) string {
	lines := strings.Split(a.Answer, "\n")
	if a.Mode != ModeExtractive || len(lines) < 2 {
		return ""
	}
	return lines[1]
}

// choiceScenario is a question over a few made-up articles where sentences
// that restate the question, background, older stories or roundups compete
// with the sentence that answers. want is a phrase of the answering
// sentence, which must be quoted first; "" means no article answers and
// the answer must be "not covered".
type choiceScenario struct {
	name, q, asOf string
	stories       []story
	want          string
	// known, when set, says why the scenario still fails: it is skipped.
	known string
}

func runChoice(t *testing.T, tests []choiceScenario) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.known != "" {
				t.Skip(tc.known)
			}
			c := indexed(t, tc.stories)
			a := askOffline(t, c, tc.q, tc.asOf)
			checkCitationsHold(t, c, a)
			if tc.want == "" {
				if a.Mode != ModeNotCovered {
					t.Fatalf("answer %q, want not covered", a.Answer)
				}
				return
			}
			if first := firstQuote(a); !strings.Contains(first, tc.want) {
				t.Fatalf("first quote %q, want the one with %q; answer:\n%s", first, tc.want, a.Answer)
			}
		})
	}
}

// TestExtractiveQuotesTheAnswerNotTheRestatement: a sentence that shares
// the question's words but gives no new fact of the asked kind must not
// outrank the sentence that states it.
func TestExtractiveQuotesTheAnswerNotTheRestatement(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who became prime minister", q: "Who became the new prime minister this week?", asOf: "2024-03-09",
			stories: []story{
				{"search", "2024-03-05", "Valdoria looks for a leader",
					"The country is in the market for a new prime minister following the resignation of Prime Minister Tomas Brevik. " +
						"Parliament met behind closed doors on Monday. Opposition parties said they would not join a coalition."},
				{"vote", "2024-03-06", "Parliament backs former finance chief",
					"Ilse Marren was selected prime minister on Monday after two rounds of voting in parliament. " +
						"She served as finance minister for six years. Her cabinet will be sworn in next week."},
				{"markets", "2024-03-07", "Valdorian bonds steady",
					"Bond markets were calm this week as the new government took shape. Traders said the budget would matter more than the leader."},
			}, want: "Ilse Marren was selected"},
		{name: "who won the prize", q: "Who won the Halvorsen Prize for fiction?", asOf: "2024-05-10",
			stories: []story{
				{"preview", "2024-05-07", "Halvorsen Prize for fiction to be announced",
					"The Halvorsen Prize for fiction, one of the richest literary awards, will be announced on Thursday evening in Oslo. " +
						"Six novels made the shortlist for the Halvorsen Prize for fiction this year."},
				{"winner", "2024-05-09", "Debut novel takes top literary award",
					"Ruth Amadi won the Halvorsen award on Thursday for her debut novel The Salt Roads. " +
						"The judges called the book a quiet triumph. Amadi said she would give part of the money to a library."},
			}, want: "Ruth Amadi won"},
		{name: "who was named coach", q: "Who was named head coach of the Portland Pines?", asOf: "2024-01-20",
			stories: []story{
				{"fired", "2024-01-10", "Pines fire head coach Dale Ruck",
					"The Portland Pines are searching for a new head coach after firing Dale Ruck on Sunday. " +
						"Ruck won 31 games in three seasons with the Pines."},
				{"hire", "2024-01-18", "Pines turn to Elling",
					"The Portland Pines named Marco Elling their head coach on Wednesday, the club said. " +
						"Elling, 44, spent five seasons as an assistant in Denver."},
			}, want: "Marco Elling"},
		{name: "when will it reopen", q: "When will the Kestrel Bridge reopen?", asOf: "2024-02-02",
			stories: []story{
				{"repairs", "2024-01-30", "Kestrel Bridge repairs drag on",
					"The Kestrel Bridge will reopen after repairs to its cables, officials said, but commuters remain skeptical. " +
						"Drivers have faced detours of up to forty minutes since the bridge closed in the autumn."},
				{"date", "2024-02-01", "Reopening date set for river crossing",
					"The Kestrel Bridge is scheduled to reopen on March 14, the transport department said on Thursday. " +
						"Crews are replacing the last of the cables this month."},
			}, want: "March 14"},
		{name: "how many were killed", q: "How many people were killed in the Darrow mine collapse?", asOf: "2024-04-12",
			stories: []story{
				{"vigil", "2024-04-11", "Darrow mourns after mine collapse",
					"The Darrow mine collapse left a town in grief on Thursday, as families gathered at the pit gates. " +
						"At least 14 people were killed when a tunnel gave way, the mining ministry said. " +
						"Rescuers were still searching for two missing workers."},
				{"history", "2024-04-11", "A history of accidents at Darrow",
					"The Darrow mine collapse is the latest in a string of accidents at the site. " +
						"In 1987 a fire at the mine killed 9 people."},
			}, want: "At least 14 people"},
		{name: "which company will buy", q: "Which company will buy the Lakeside Mall?", asOf: "2024-06-15",
			stories: []story{
				{"sale", "2024-06-12", "Lakeside Mall up for sale",
					"The Lakeside Mall is up for sale, and several companies are said to be interested in buying it. " +
						"The mall lost a third of its tenants during the pandemic."},
				{"deal", "2024-06-14", "Harbor Realty agrees to buy mall",
					"Harbor Realty agreed on Friday to buy the Lakeside Mall for $85 million, the owners said. " +
						"The company plans to turn part of it into apartments."},
			}, want: "Harbor Realty agreed"},
		{name: "what did the mayor announce", q: "What did Mayor Jen Okafor announce on Monday?", asOf: "2024-09-11",
			stories: []story{
				{"presser", "2024-09-09", "Okafor holds news conference",
					"Mayor Jen Okafor held a news conference on Monday at City Hall, her first since the summer. " +
						"Mayor Jen Okafor announced on Monday that all city buses will be free to ride from October 1. " +
						"Reporters asked about the budget as well."},
				{"profile", "2024-08-02", "Okafor's first year",
					"Jen Okafor was elected mayor last year on a promise to fix the transit system. She grew up in the city."},
			}, want: "buses will be free"},
		{name: "what will they do this week", q: "The Corlan water board announced it will do what this week?", asOf: "2024-07-04",
			stories: []story{
				{"water", "2024-07-02", "Corlan water board acts on shortage",
					"The Corlan water board met on Monday behind closed doors at its offices. " +
						"The Corlan water board announced it will ban garden hoses to save what is left in the reservoirs. " +
						"Residents who break the ban face fines."},
			}, want: "ban garden hoses"},
	})
}

// TestExtractiveQuotesTheNewsNotTheBackground: background, an older story,
// a live blog of many items or a roundup must not lead the answer over the
// sentence that states it.
func TestExtractiveQuotesTheNewsNotTheBackground(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who won, with last year's winner as background", q: "Who won the Corrin Valley marathon on Sunday?", asOf: "2024-04-16",
			stories: []story{
				{"race", "2024-04-15", "Corrin Valley marathon ends in sprint finish",
					"Last year the Corrin Valley marathon was won by Peter Ndege in a course record. " +
						"On Sunday, Amina Roble won the Corrin Valley marathon in two hours and eight minutes, edging her training partner at the line. " +
						"About 9,000 runners finished the race."},
				{"roads", "2024-04-13", "Roads close for Corrin Valley marathon",
					"Roads in the Corrin Valley will close early on Sunday for the marathon, the council said. Buses will be diverted until the afternoon."},
			}, want: "Amina Roble won"},
		{name: "who won, older story of the same race", q: "Who won the Tarn Cup final?", asOf: "2024-05-20",
			stories: []story{
				{"old", "2023-05-21", "Harlow lift the Tarn Cup",
					"Harlow won the Tarn Cup final on Saturday, beating Mossley 3-1 in front of a record crowd. It was their first trophy in a decade."},
				{"new", "2024-05-19", "Penrith stun holders in Tarn Cup final",
					"Penrith won the Tarn Cup final on Saturday with a 2-0 victory over holders Harlow. Both goals came in the second half."},
				{"preview", "2024-05-17", "Tarn Cup final preview",
					"Holders Harlow face Penrith in the Tarn Cup final on Saturday. Harlow won the Tarn Cup final last year against Mossley."},
			}, want: "Penrith won"},
		{name: "when did it launch, background date first", known: "the question's verb after its subject is not read as its predicate", q: "When did the Orla-3 weather satellite launch?", asOf: "2024-06-12",
			stories: []story{
				{"launch", "2024-06-11", "Orla-3 weather satellite reaches orbit",
					"The Orla-3 weather satellite was first proposed in 2015 and approved by ministers in 2019. " +
						"The Orla-3 weather satellite launched on June 10 from the Selen spaceport aboard a Vega rocket. " +
						"Controllers confirmed its solar panels had unfolded."},
				{"budget", "2024-03-02", "Space agency budget rises",
					"The space agency's budget will rise by 4 percent next year, with money for the Orla-3 weather satellite and two science missions."},
			}, want: "launched on June 10"},
		{name: "where, the venue in the second paragraph", q: "Where will the 2031 Summit of Coastal Nations be held?", asOf: "2024-07-10",
			stories: []story{
				{"summit", "2024-07-09", "Host chosen for 2031 coastal summit",
					"Leaders agreed on Tuesday on the host of the 2031 Summit of Coastal Nations, after two days of talks. " +
						"The 2031 Summit of Coastal Nations will be held in Porto Vell, a fishing city on the southern coast, organisers said. " +
						"The city last hosted an international meeting in 1998."},
				{"talks", "2024-07-08", "Coastal nations meet",
					"Delegates from 40 coastal nations met on Monday to discuss fishing quotas and rising seas ahead of the 2031 Summit of Coastal Nations."},
			}, want: "Porto Vell"},
		{name: "how much, a live blog of many items", q: "How much did Brightline pay for Corva Foods?", asOf: "2024-08-22",
			stories: []story{
				{"live", "2024-08-21", "Markets live: stocks, deals and earnings",
					"Stocks opened higher on Wednesday as investors weighed earnings from retailers. " +
						"Oil prices fell for a third day. " +
						"Brightline said it would buy Corva Foods, the snack maker, in a deal announced before the bell. " +
						"Shares of airlines rose after a drop in fuel costs. " +
						"Brightline agreed to pay $2.4 billion in cash for Corva Foods, according to a statement. " +
						"The dollar was steady against the euro. Gold edged lower."},
				{"deal", "2024-08-21", "Brightline to buy Corva Foods",
					"Brightline is buying Corva Foods to expand into snacks, the company said on Wednesday. " +
						"Corva Foods was founded in 1962 and employs 3,000 people."},
			}, want: "$2.4 billion"},
		{name: "which country, a roundup", q: "Which country will host the 2032 Winter Youth Games?", asOf: "2024-09-30",
			stories: []story{
				{"roundup", "2024-09-28", "Sports week in brief",
					"The committee met this week to choose the hosts of several events, including the 2032 Winter Youth Games. " +
						"The swimming federation banned a coach for two years. A cycling team lost its sponsor."},
				{"host", "2024-09-27", "Winter Youth Games go to Norway",
					"Norway will host the 2032 Winter Youth Games in Lillehammer, the committee announced on Friday. " +
						"It beat bids from Japan and Canada."},
			}, want: "Norway will host"},
		{name: "what did the court decide", q: "What did the Supreme Court of Elbonia decide about the fishing ban?", asOf: "2024-10-20",
			stories: []story{
				{"ruling", "2024-10-18", "Elbonian court strikes down fishing ban",
					"The Supreme Court of Elbonia was asked last year to rule on the fishing ban that closed the northern lakes. " +
						"The Supreme Court of Elbonia struck down the fishing ban on Friday, ruling that the ministry had no power to impose it. " +
						"Fishermen celebrated outside the court."},
				{"reaction", "2024-10-19", "Ministry reviews options after ruling",
					"The fisheries ministry said it was studying the ruling and might propose a new law. Environmental groups called for calm."},
			}, want: "struck down the fishing ban"},
	})
}

// TestExtractiveWeighsTheContextSentence: a quiz question's context
// sentence, restated by the articles, must not outrank the sentence that
// answers its asking clause.
func TestExtractiveWeighsTheContextSentence(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "how many months", q: "A court ruled this week that the singer Dax Morrow must stay in jail longer. How many months will he serve?",
			asOf: "2024-11-15",
			stories: []story{
				{"court", "2024-11-13", "Dax Morrow to stay in jail, court rules",
					"A court ruled on Tuesday that the singer Dax Morrow must stay in jail longer than his lawyers had hoped. " +
						"The judge said Dax Morrow will serve 18 months, with no chance of early release. " +
						"His fans gathered outside the court."},
				{"fans", "2024-11-14", "Fans rally for Dax Morrow",
					"Fans of the singer Dax Morrow rallied outside the jail on Wednesday after the court ruled he must stay in jail longer."},
			}, want: "18 months"},
		{name: "which company", q: "A ship ran aground this week in the Narrow Sound, spilling fuel. Which company owns the ship?",
			asOf: "2024-12-06",
			stories: []story{
				{"spill", "2024-12-04", "Ship runs aground in Narrow Sound",
					"A cargo ship ran aground in the Narrow Sound on Monday, spilling fuel along ten miles of coast. " +
						"The ship is owned by Keller Marine, a shipping company based in Rotterdam, the coast guard said. " +
						"Volunteers were cleaning birds on the beaches."},
				{"clean", "2024-12-05", "Clean-up continues in Narrow Sound",
					"Crews worked through the night to contain the fuel spilled when a ship ran aground in the Narrow Sound this week."},
			}, want: "Keller Marine"},
		{name: "how many homes, the context in a better-ranked article", q: "A storm knocked out power across the Dell peninsula on Monday. How many homes lost power?",
			asOf: "2024-01-17",
			stories: []story{
				{"storm", "2024-01-15", "Storm knocks out power across the Dell peninsula",
					"A storm knocked out power across the Dell peninsula on Monday, toppling trees and closing roads. " +
						"The storm knocked out power to schools and hospitals, which ran on generators across the Dell peninsula."},
				{"count", "2024-01-16", "Crews restore power on the Dell peninsula",
					"Some 85,000 homes lost power on the Dell peninsula, the utility said on Tuesday. " +
						"Most should be reconnected by Friday."},
			}, want: "Some 85,000 homes"},
		{name: "which film, the death restated", q: "Fans mourned the death of actor Leo Brandt this week. Which film made him famous?",
			asOf: "2024-02-25",
			stories: []story{
				{"obit", "2024-02-23", "Actor Leo Brandt dies at 77",
					"Fans mourned the death of actor Leo Brandt this week, who died at his home at the age of 77. " +
						"Brandt became famous for the 1974 film Night Harbor, in which he played a young sailor. " +
						"He later turned to directing."},
				{"tribute", "2024-02-24", "Tributes for Leo Brandt",
					"Fans left flowers for the actor Leo Brandt outside the theatre where he first performed, mourning his death this week."},
			}, want: "Night Harbor"},
		{name: "who, context names the event", q: "The Lindqvist Medal for chemistry was awarded on Thursday. Who won it?",
			asOf: "2024-10-12",
			stories: []story{
				{"medal", "2024-10-10", "Lindqvist Medal for chemistry awarded",
					"The Lindqvist Medal for chemistry was awarded on Thursday in Uppsala at a ceremony attended by the king. " +
						"Hana Sato won the Lindqvist Medal for her work on cheap catalysts for hydrogen. " +
						"She will receive the medal in December."},
			}, want: "Hana Sato won"},
	})
}

// TestExtractiveSaysNotCoveredWhenNoArticleAnswers: articles that restate
// the question, or name something of the asked kind by chance, do not
// answer it.
func TestExtractiveSaysNotCoveredWhenNoArticleAnswers(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who will replace, only the search", q: "Who will replace the chief executive of Hallow Foods?", asOf: "2024-03-20",
			stories: []story{
				{"search", "2024-03-18", "Hallow Foods begins search for chief executive",
					"Hallow Foods has begun a search for a new chief executive after Ann Price said she would retire in June. " +
						"The board said it would consider candidates from inside and outside the company."},
				{"shares", "2024-03-19", "Hallow Foods shares slip",
					"Shares of Hallow Foods slipped 3 percent on Tuesday after the chief executive said she would retire."},
			}},
		{name: "who became coach, only the search", q: "Who became the new head coach of the Marlow Otters?", asOf: "2024-02-10",
			stories: []story{
				{"otters", "2024-02-08", "Marlow Otters start coaching search",
					"The Marlow Otters are searching for a new head coach following the departure of head coach Ray Dunn. " +
						"General manager Tom Avery said the club hoped to appoint someone within a month."},
			}},
		{name: "who won, only the favourite", q: "Who won the Grenmoor Stakes?", asOf: "2024-06-02",
			stories: []story{
				{"preview", "2024-05-31", "Grenmoor Stakes preview",
					"Silver Arrow is the favourite to win the Grenmoor Stakes on Saturday, trainer Kate Lowe said. " +
						"Twelve horses will run in the Grenmoor Stakes."},
			}},
		{name: "how many, no count", q: "How many homes were destroyed by the Fenwick wildfire?", asOf: "2024-08-10",
			stories: []story{
				{"fire", "2024-08-09", "Fenwick wildfire forces evacuations",
					"The Fenwick wildfire destroyed homes and forced thousands of people to leave on Thursday, officials said. " +
						"Fire chief Dan Ortiz said crews were making progress."},
			}},
		{name: "when, only a vague time", q: "When will the Arden tunnel open?", asOf: "2024-09-01",
			stories: []story{
				{"tunnel", "2024-08-30", "Arden tunnel delayed again",
					"The Arden tunnel will open later than planned, engineers said, after water leaked into the eastern bore. " +
						"Mayor Lisa Grant said she was disappointed."},
			}},
	})
}

// TestExtractiveOutranksTheBetterRankedRestatement: the article that
// restates the question ranks above the one that answers it; the
// answering sentence must still come first, and a name of the asked kind
// that a sentence mentions by chance must not.
func TestExtractiveOutranksTheBetterRankedRestatement(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "how many jobs", q: "How many jobs will Arcton cut?", asOf: "2024-02-22",
			stories: []story{
				{"cuts", "2024-02-20", "Arcton to cut jobs",
					"Arcton will cut jobs as part of a restructuring, the company said, without saying how many jobs would go. " +
						"Arcton cut jobs last year too, and its shares have halved."},
				{"detail", "2024-02-21", "Arcton details restructuring",
					"Arcton will cut 1,200 jobs, most of them in its Ohio factories, according to a filing on Wednesday. " +
						"The company will also close two warehouses."},
			}, want: "1,200 jobs"},
		{name: "who won the election, a governor named by chance", q: "Who won the Brennan County mayoral election?", asOf: "2024-11-08",
			stories: []story{
				{"vote", "2024-11-05", "Brennan County votes for mayor",
					"Voters in Brennan County went to the polls on Tuesday in a mayoral election seen as a test for Governor Ruth Hale. " +
						"The Brennan County mayoral election drew a record turnout, officials said."},
				{"result", "2024-11-06", "Mendez elected Brennan County mayor",
					"Carlos Mendez was elected mayor of Brennan County on Tuesday, beating the incumbent by 4,000 votes. " +
						"He takes office in January."},
			}, want: "Carlos Mendez was elected"},
		{name: "when will it go on sale", q: "When will Velto launch its electric pickup?", asOf: "2024-03-15",
			stories: []story{
				{"tease", "2024-03-12", "Velto to launch electric pickup",
					"Velto will launch its electric pickup, chief executive Mara Quinn said on Tuesday at an event in Detroit. " +
						"Velto has promised an electric pickup since 2021."},
				{"date", "2024-03-14", "Velto sets date for pickup",
					"Velto will launch its electric pickup in September, with deliveries starting in the autumn, the company said. " +
						"The truck will cost $48,000."},
			}, want: "in September"},
		{name: "where did it make landfall", q: "Where did Typhoon Kiro make landfall?", asOf: "2024-08-20",
			stories: []story{
				{"storm", "2024-08-18", "Typhoon Kiro makes landfall",
					"Typhoon Kiro made landfall on Sunday, bringing heavy rain and strong winds to the region, forecasters said. " +
						"Typhoon Kiro is the strongest storm of the season."},
				{"port", "2024-08-19", "Typhoon Kiro hits Dalen",
					"Typhoon Kiro made landfall near the port city of Dalen on Sunday morning, tearing roofs off hundreds of homes. " +
						"Ferries were cancelled."},
			}, want: "port city of Dalen"},
		{name: "how much will it cost", q: "How much will the Tessa Dam cost?", asOf: "2024-05-05",
			stories: []story{
				{"plan", "2024-05-02", "Tessa Dam plan approved",
					"The Tessa Dam will cost more than first planned, ministers admitted on Thursday as they approved the project. " +
						"The Tessa Dam will supply power to a million homes."},
				{"price", "2024-05-03", "Tessa Dam price tag revealed",
					"The Tessa Dam will cost $3.1 billion, according to budget papers published on Friday. " +
						"Work starts next spring."},
			}, want: "$3.1 billion"},
		{name: "who won, a live blog of other races", q: "Who won the Senate race in Marlowe?", asOf: "2024-11-07",
			stories: []story{
				{"live", "2024-11-06", "Election night live",
					"Dana Pike won the governor's race in Alder by a wide margin. " +
						"The Senate race in Marlowe was too close to call at midnight. " +
						"Tom Reyes won the Senate race in Ferris after a late surge. " +
						"Turnout was high across the region."},
				{"called", "2024-11-06", "Marlowe Senate race called",
					"Jane Ortiz won the Senate race in Marlowe, the state elections board said on Wednesday afternoon. " +
						"Ortiz beat her opponent by fewer than 2,000 votes."},
			}, want: "Jane Ortiz won"},
		{name: "who is the new CEO, an older appointment", q: "Who is the new CEO of Pellam Bank?", asOf: "2024-04-10",
			stories: []story{
				{"old", "2019-06-01", "Pellam Bank names Lee Tran CEO",
					"Pellam Bank named Lee Tran as its CEO on Friday, ending a six-month search. Tran joined the bank in 2002."},
				{"new", "2024-04-08", "Pellam Bank appoints Sara Kuhn",
					"Pellam Bank appointed Sara Kuhn as CEO on Monday, replacing Lee Tran, who retired. " +
						"Kuhn ran the bank's consumer division."},
			}, want: "Sara Kuhn"},
		{name: "which country won the most medals", q: "Which country won the most medals at the Northern Games?", asOf: "2024-03-05",
			stories: []story{
				{"close", "2024-03-03", "Northern Games close",
					"The Northern Games closed on Sunday after ten days in which athletes from 30 countries won medals. " +
						"The Northern Games will return in four years."},
				{"table", "2024-03-04", "Finland tops Northern Games medal table",
					"Finland won the most medals at the Northern Games, with 41, ahead of Sweden with 35. " +
						"Finnish skiers won 12 of them."},
			}, want: "Finland won the most medals"},
	})
}

// TestExtractiveChoosesAmongArticles: several articles answer or seem to;
// the name the evidence agrees on, and the sentence about what is asked,
// come first, and a question whose topic the articles only touch is not
// covered.
func TestExtractiveChoosesAmongArticles(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "appointments in brief", q: "Who was named conductor of the Halden Symphony?", asOf: "2024-05-12",
			stories: []story{
				{"brief", "2024-05-10", "Arts appointments in brief",
					"Paul Stern was named director of the Halden Museum on Monday. " +
						"The Halden Symphony said its search for a conductor would end this month. " +
						"Rita Moss was named editor of the Halden Review."},
				{"symph", "2024-05-11", "Halden Symphony picks Vidal",
					"Ana Vidal was named conductor of the Halden Symphony on Friday, the orchestra said. " +
						"Vidal, 38, has led youth orchestras in Spain."},
			}, want: "Ana Vidal was named"},
		{name: "the name several articles agree on", q: "Who won the Ashby Open golf tournament?", asOf: "2024-06-24",
			stories: []story{
				{"recap", "2024-06-23", "Ashby Open recap",
					"The Ashby Open golf tournament ended on Sunday with a playoff. " +
						"Kim Ode won the Ashby Open after a birdie on the second playoff hole. " +
						"Last year's champion Ben Pratt won the Ashby Open pro-am on Wednesday."},
				{"ode", "2024-06-23", "Ode takes Ashby Open title",
					"Kim Ode won the Ashby Open golf tournament on Sunday, her first title on the tour. Ode earned $400,000."},
			}, want: "Kim Ode won"},
		{name: "how many, the context restated", q: "Floods hit the Varn valley this week. How many people were evacuated?", asOf: "2024-03-09",
			stories: []story{
				{"floods", "2024-03-07", "Floods in the Varn valley",
					"Floods hit the Varn valley this week, the worst in fifty years, after days of heavy rain. " +
						"About 2,300 people were evacuated from villages along the river, the regional government said. " +
						"Schools were closed."},
				{"rain", "2024-03-08", "More rain forecast for Varn valley",
					"Floods that hit the Varn valley this week could return, forecasters warned, as more rain is expected on Sunday."},
			}, want: "About 2,300 people"},
		{name: "when did it reopen, a restating article", q: "When did the Rell Museum reopen?", asOf: "2024-05-20",
			stories: []story{
				{"crowds", "2024-05-18", "Crowds return to the Rell Museum",
					"The Rell Museum reopened after a long renovation, drawing crowds to its new galleries. " +
						"The Rell Museum reopened with a show of Dutch paintings."},
				{"doors", "2024-05-05", "Rell Museum opens its doors again",
					"The Rell Museum reopened its doors on May 4 after three years of work, the city said. " +
						"Entry is free for the first month."},
			}, want: "on May 4"},
		{name: "which city, a bidder named by chance", known: "the restating article ranks higher and names a city by chance", q: "Which city will host the 2030 Bellona Expo?", asOf: "2024-09-14",
			stories: []story{
				{"bids", "2024-09-10", "Cities vie for 2030 Bellona Expo",
					"Cities are competing to host the 2030 Bellona Expo, and the mayor of Tarrow said on Monday his city would bid to host the 2030 Bellona Expo. " +
						"The 2030 Bellona Expo is expected to draw ten million visitors."},
				{"chosen", "2024-09-13", "Selvia wins 2030 Bellona Expo",
					"Selvia was chosen to host the 2030 Bellona Expo on Thursday, beating three rivals in a vote. " +
						"Selvia plans a new rail line for the event."},
			}, want: "Selvia was chosen"},
		{name: "which company did it acquire, an earlier deal", q: "Which company did Norvik acquire this week?", asOf: "2024-10-04",
			stories: []story{
				{"profile", "2024-10-03", "Norvik on a buying spree",
					"Norvik has acquired companies before, including Pell Systems in 2019 and Arto Labs in 2021. " +
						"Norvik acquired Quell, a chip designer, for $600 million on Tuesday, its biggest deal yet."},
				{"markets", "2024-10-02", "Chip stocks rise",
					"Chip stocks rose on Tuesday after Norvik said it would acquire a smaller rival. Norvik shares gained 2 percent."},
			}, want: "Norvik acquired Quell"},
		{name: "where next year, this year's host restated", q: "Where will the Marren Film Festival be held next year?", asOf: "2024-06-30",
			stories: []story{
				{"fest", "2024-06-28", "Marren Film Festival closes",
					"The Marren Film Festival, held in Corvo this year, drew 50,000 visitors over ten days. " +
						"The Marren Film Festival will be held in Lisca next year, organisers said at the closing ceremony."},
			}, want: "in Lisca next year"},
		{name: "what did it recall", known: "the sentence that only names the recall outweighs the one that says what it covers", q: "What did Arden Motors recall?", asOf: "2024-04-18",
			stories: []story{
				{"recall", "2024-04-16", "Arden Motors issues recall",
					"Arden Motors announced a recall on Tuesday, its second this year, the company said in a statement. " +
						"The recall covers 40,000 Vela sedans whose airbags may not deploy in a crash."},
				{"shares", "2024-04-17", "Arden shares fall after recall",
					"Arden Motors shares fell 4 percent after the recall was announced. Analysts said the cost would be small."},
			}, want: "40,000 Vela sedans"},
		{name: "the topic touched, the question not", q: "Which airline ordered fifty jets from Airbus this week?", asOf: "2024-07-20",
			stories: []story{
				{"deliveries", "2024-07-18", "Airbus deliveries rise",
					"Airbus delivered more jets in June than in any month this year, the company said on Thursday. " +
						"Supply problems with engines have eased."},
				{"show", "2024-07-19", "Air show opens",
					"The air show opened on Monday with flying displays and a record number of visitors. Organisers expect orders to be announced."},
			}},
	})
}
