package answer

import "testing"

// The refusal: articles on the question's topic that do not hold its
// answer (a preview, the odds, the venue, last year's winner, the
// runner-up, a rumour, a denial, another edition or another country's
// event) must leave the answer "not covered"; the same corpus with one
// article that answers must quote it first.

// TestRefusesOnTopicArticlesWithoutTheAnswer: each kind of news question
// over articles on its topic that do not answer it, then with one that does.
func TestRefusesOnTopicArticlesWithoutTheAnswer(t *testing.T) {
	// Articles about the 2021 Ostmark Cup final that do not say who won.
	cupNoAnswer := []story{
		{"venue", "2021-05-20", "Ostmark Cup final to be played at Kelby Park",
			"The 2021 Ostmark Cup final will be played at Kelby Park on Saturday, organisers confirmed. The stadium holds 38,000 fans."},
		{"tickets", "2021-05-18", "Ostmark Cup final tickets sell out",
			"Tickets for the 2021 Ostmark Cup final sold out within an hour on Tuesday. Fans of both Brennock and Salvar queued overnight."},
		{"preview", "2021-05-21", "Brennock and Salvar meet in Ostmark Cup final",
			"Brennock face Salvar in the 2021 Ostmark Cup final on Saturday. Brennock are the favourites with the bookmakers after an unbeaten run."},
		{"last", "2020-05-24", "Torvale lift the Ostmark Cup",
			"Torvale won the 2020 Ostmark Cup final, beating Brennock 2-0 at Kelby Park. It was their third title."},
	}
	cupAnswer := append(append([]story{}, cupNoAnswer...), story{"result", "2021-05-23", "Salvar win Ostmark Cup",
		"Salvar won the 2021 Ostmark Cup final on Saturday, beating Brennock 3-1 at Kelby Park. Midfielder Arno Vesk scored twice."})
	runChoice(t, []choiceScenario{
		{name: "who won: venue, tickets, preview, last year", q: "Who won the 2021 Ostmark Cup final?", asOf: "2021-05-25",
			stories: cupNoAnswer},
		{name: "who won: the result among them", q: "Who won the 2021 Ostmark Cup final?", asOf: "2021-05-25",
			stories: cupAnswer, want: "Salvar won the 2021"},
		{name: "who won: the runner-up's reaction only", q: "Who won the 2022 Lindqvist Open men's title?", asOf: "2022-08-30",
			stories: []story{
				{"loser", "2022-08-28", "Haldor gracious in Lindqvist Open defeat",
					"Jens Haldor said he was proud of his run after losing the 2022 Lindqvist Open men's final on Sunday. " +
						"The Norwegian thanked the crowd and said he would be back next year."},
				{"draw", "2022-08-20", "Lindqvist Open draw released",
					"The draw for the 2022 Lindqvist Open men's singles was released on Saturday. Top seed Jens Haldor opens against a qualifier."},
			}},
		{name: "who won: the runner-up and the winner", q: "Who won the 2022 Lindqvist Open men's title?", asOf: "2022-08-30",
			stories: []story{
				{"loser", "2022-08-28", "Haldor gracious in Lindqvist Open defeat",
					"Jens Haldor said he was proud of his run after losing the 2022 Lindqvist Open men's final on Sunday. " +
						"The Norwegian thanked the crowd and said he would be back next year."},
				{"win", "2022-08-28", "Okonjo takes Lindqvist Open men's title",
					"Daniel Okonjo won the 2022 Lindqvist Open men's title on Sunday, beating Jens Haldor in straight sets."},
			}, want: "Daniel Okonjo won"},
		{name: "who won: a different year's edition only", q: "Who won the 2023 Ferrand Prize?", asOf: "2023-11-20",
			stories: []story{
				{"old", "2022-11-14", "Ferrand Prize goes to Mireille Caux",
					"Mireille Caux won the 2022 Ferrand Prize for her novel about a lighthouse keeper. The jury praised its restraint."},
				{"short", "2023-10-02", "Ferrand Prize shortlist announced",
					"Five novels are on the shortlist for the 2023 Ferrand Prize, which will be awarded in November."},
			}},
		{name: "who won: an election's polls only", q: "Who won the 2024 Tessaly presidential election?", asOf: "2024-06-10",
			stories: []story{
				{"polls", "2024-06-05", "Tessaly election too close to call",
					"Polls show Amadou Kerr and Lina Sorvo level ahead of the 2024 Tessaly presidential election on Sunday. " +
						"Kerr has led in the north, Sorvo in the cities."},
				{"rally", "2024-06-07", "Sorvo holds final rally",
					"Lina Sorvo held her final rally in the capital on Friday, promising cheaper rents. Thousands attended."},
			}},
		{name: "who won: another country's election", q: "Who won the 2024 Tessaly presidential election?", asOf: "2024-06-20",
			stories: []story{
				{"other", "2024-06-12", "Marwick elects new president",
					"Pavel Dorn won the 2024 Marwick presidential election on Sunday with 54 percent of the vote. " +
						"Marwick borders Tessaly to the east."},
			}},
		{name: "who won: the election result", q: "Who won the 2024 Tessaly presidential election?", asOf: "2024-06-20",
			stories: []story{
				{"polls", "2024-06-05", "Tessaly election too close to call",
					"Polls show Amadou Kerr and Lina Sorvo level ahead of the 2024 Tessaly presidential election on Sunday."},
				{"result", "2024-06-10", "Sorvo elected president of Tessaly",
					"Lina Sorvo won the 2024 Tessaly presidential election, the electoral commission said on Monday, with 51 percent of the vote."},
			}, want: "Lina Sorvo won"},
		{name: "who is CEO: a search and a rumour", q: "Who is the new CEO of Quellmark?", asOf: "2024-03-20",
			stories: []story{
				{"search", "2024-03-01", "Quellmark begins search for chief executive",
					"Quellmark has hired a recruitment firm to find a new CEO after Dana Pratt said she would retire. " +
						"The board hopes to name a successor by the summer."},
				{"rumour", "2024-03-12", "Quellmark shares rise on succession talk",
					"Shares in Quellmark rose 4 percent on Tuesday after reports that the board was talking to outside candidates for the top job. " +
						"The company declined to comment."},
			}},
		{name: "who is CEO: another company's CEO", q: "Who is the CEO of Quellmark?", asOf: "2024-03-20",
			known: "the rival's 'its chief executive' is read as Quellmark's, which the sentence's apposition names; whose role 'its' is needs the clause's subject",
			stories: []story{
				{"rival", "2024-03-10", "Dunmore names new chief",
					"Dunmore, a rival of Quellmark, named Felix Arn its chief executive on Monday. Arn ran the company's European arm."},
			}},
		{name: "who is CEO: named", q: "Who is the new CEO of Quellmark?", asOf: "2024-04-20",
			stories: []story{
				{"search", "2024-03-01", "Quellmark begins search for chief executive",
					"Quellmark has hired a recruitment firm to find a new CEO after Dana Pratt said she would retire."},
				{"named", "2024-04-15", "Quellmark picks insider",
					"Quellmark named Tomasz Rell its new chief executive on Monday, ending a two-month search. Rell ran its cloud unit."},
			}, want: "Tomasz Rell"},
		{name: "who is PM: the race to succeed", q: "Who is the prime minister of Ardania?", asOf: "2024-09-20",
			stories: []story{
				{"race", "2024-09-15", "Race to lead Ardania narrows",
					"Three candidates remain in the race to become Ardania's next prime minister after the ruling party's first ballot. " +
						"The winner will be announced on October 2."},
			}},
		{name: "who is the coach: speculation only", q: "Who is the new head coach of the Halden Hawks?", asOf: "2024-01-20",
			known: "a denial of talks about 'their head coach job' reads as the role held; the job, not its holder, needs a reading of the clause",
			stories: []story{
				{"spec", "2024-01-15", "Hawks weigh coaching options",
					"The Halden Hawks have interviewed four candidates for their head coach job, according to people familiar with the search. " +
						"No decision is expected before February."},
				{"deny", "2024-01-18", "Brack denies Hawks talks",
					"Former Denver assistant Leon Brack denied on Thursday that he had held talks with the Halden Hawks about their head coach job."},
			}},
		{name: "when will it launch: delayed, no date", q: "When will the Orvel X2 phone be released?", asOf: "2024-05-10",
			stories: []story{
				{"delay", "2024-05-02", "Orvel delays X2 phone",
					"Orvel has delayed the release of its X2 phone because of a shortage of screens, the company said on Thursday. " +
						"It did not give a new date."},
				{"leak", "2024-04-20", "Orvel X2 leaks show curved screen",
					"Leaked pictures of the Orvel X2 phone show a curved screen and three cameras. The X1 was released in 2022."},
			}},
		{name: "when will it launch: the date", q: "When will the Orvel X2 phone be released?", asOf: "2024-05-10",
			stories: []story{
				{"delay", "2024-05-02", "Orvel delays X2 phone",
					"Orvel has delayed the release of its X2 phone because of a shortage of screens, the company said on Thursday."},
				{"date", "2024-05-08", "Orvel sets X2 date",
					"The Orvel X2 phone will be released on June 18, the company said on Wednesday, at a price of $799."},
			}, want: "June 18"},
		{name: "when did it open: only plans", q: "When did the Sarn Tunnel open?", asOf: "2024-07-10",
			stories: []story{
				{"plan", "2024-06-01", "Sarn Tunnel nears completion",
					"Crews are finishing the lighting in the Sarn Tunnel, which will cut the drive to the coast by an hour. " +
						"Officials hope to open it later this year."},
			}},
		{name: "where will it be held: bids only", q: "Where will the 2030 Meridian Games be held?", asOf: "2024-02-10",
			stories: []story{
				{"bids", "2024-02-01", "Three cities bid for 2030 Meridian Games",
					"Calder, Ostrava and Punto Sur have bid to host the 2030 Meridian Games. The host will be chosen in November."},
				{"last", "2023-08-20", "Meridian Games close in Varna",
					"The 2022 Meridian Games were held in Varna, which drew a record crowd for the closing ceremony."},
			}},
		{name: "where will it be held: chosen", q: "Where will the 2030 Meridian Games be held?", asOf: "2024-12-10",
			stories: []story{
				{"bids", "2024-02-01", "Three cities bid for 2030 Meridian Games",
					"Calder, Ostrava and Punto Sur have bid to host the 2030 Meridian Games. The host will be chosen in November."},
				{"pick", "2024-11-20", "Calder to host 2030 Meridian Games",
					"The 2030 Meridian Games will be held in Calder, the organising committee announced on Wednesday after a vote."},
			}, want: "held in Calder"},
		{name: "how many died: toll not yet known", q: "How many people died in the Vesta ferry sinking?", asOf: "2024-08-05",
			stories: []story{
				{"sink", "2024-08-03", "Vesta ferry sinks off coast",
					"The Vesta ferry sank off the coast on Saturday morning in rough seas. Rescuers were searching the water, " +
						"and officials said it was too early to give a toll."},
				{"probe", "2024-08-04", "Inquiry into Vesta ferry ordered",
					"The transport minister ordered an inquiry into the Vesta ferry sinking on Sunday. The ferry was 40 years old."},
			}},
		{name: "how many died: toll given", q: "How many people died in the Vesta ferry sinking?", asOf: "2024-08-05",
			stories: []story{
				{"sink", "2024-08-03", "Vesta ferry sinks off coast",
					"The Vesta ferry sank off the coast on Saturday morning in rough seas."},
				{"toll", "2024-08-04", "Vesta ferry toll rises",
					"At least 23 people died in the Vesta ferry sinking, the coast guard said on Sunday, and 11 are missing."},
			}, want: "At least 23 people died"},
		{name: "how much: the price not disclosed", q: "How much did Brightwell pay for Corvo Labs?", asOf: "2024-10-10",
			stories: []story{
				{"deal", "2024-10-08", "Brightwell buys Corvo Labs",
					"Brightwell has agreed to buy Corvo Labs, a maker of battery sensors, the companies said on Tuesday. " +
						"Terms of the deal were not disclosed."},
			}},
		{name: "how much: the price", q: "How much did Brightwell pay for Corvo Labs?", asOf: "2024-10-10",
			stories: []story{
				{"deal", "2024-10-08", "Brightwell buys Corvo Labs",
					"Brightwell has agreed to buy Corvo Labs for $420 million in cash, the companies said on Tuesday."},
			}, want: "$420 million"},
		{name: "which company: talks only", q: "Which company will buy the Palmer Tower?", asOf: "2024-06-15",
			stories: []story{
				{"talks", "2024-06-10", "Palmer Tower owners in talks",
					"The owners of the Palmer Tower are in talks with several buyers, people familiar with the matter said. " +
						"The building has been half empty since 2021."},
				{"deny", "2024-06-12", "Harbor Realty denies interest in tower",
					"Harbor Realty said on Wednesday it has no plans to buy the Palmer Tower, denying a newspaper report."},
			}},
		{name: "which country: another event's host", q: "Which country will host the 2027 Solace Cup?", asOf: "2024-06-15",
			stories: []story{
				{"old", "2023-06-02", "Portugal to host 2025 Solace Cup",
					"Portugal will host the 2025 Solace Cup, the federation announced on Friday. Bids for 2027 open next year."},
			}},
		{name: "what did X announce: nothing yet", q: "What did Mayor Ruth Calloway announce on Monday?", asOf: "2024-09-11",
			stories: []story{
				{"presser", "2024-09-08", "Calloway to hold news conference",
					"Mayor Ruth Calloway will hold a news conference on Monday at City Hall, her office said. " +
						"Her office did not say what it would be about."},
			}},
		{name: "when was it founded: not said", q: "When was Tindra Foods founded?", asOf: "2024-09-11",
			stories: []story{
				{"news", "2024-09-05", "Tindra Foods opens new plant",
					"Tindra Foods opened a new bakery plant in Gresham on Thursday that will employ 300 people. " +
						"The family-owned company sells bread in four states."},
			}},
		{name: "when was it founded: said", q: "When was Tindra Foods founded?", asOf: "2024-09-11",
			stories: []story{
				{"news", "2024-09-05", "Tindra Foods opens new plant",
					"Tindra Foods opened a new bakery plant in Gresham on Thursday that will employ 300 people. " +
						"The family-owned company was founded in 1962 by Ana Tindra."},
			}, want: "founded in 1962"},
		{name: "when was it released: another album", q: "When was Mara Voss's album Ninefold released?", asOf: "2024-09-11",
			stories: []story{
				{"tour", "2024-09-05", "Mara Voss announces tour",
					"Mara Voss will tour Europe next spring. Her previous album, Lowlight, was released in 2021."},
			}},
	})
}

// TestRefusesSnippetsWithoutTheAnswer: search-snippet passages (a page date,
// then text cut mid-sentence) on the question's topic that do not answer.
func TestRefusesSnippetsWithoutTheAnswer(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who won: snippets of the build-up", q: "Who won the 2021 Ostmark Cup final?", asOf: "2023-06-01",
			stories: []story{
				{"s1", "", "Ostmark Cup final 2021: tickets, kick-off time",
					"May 18, 2021 ... Tickets for the 2021 Ostmark Cup final go on sale Tuesday. Kick-off at Kelby Park is 3pm and fans of Brennock and ..."},
				{"s2", "", "Ostmark Cup final preview",
					"May 21, 2021 ... Brennock face Salvar in the 2021 Ostmark Cup final on Saturday, with Brennock the bookmakers' favourites after an ..."},
				{"s3", "", "Ostmark Cup winners list",
					"Torvale won the 2020 Ostmark Cup final, beating Brennock 2-0. Past winners include Salvar (2017) and ..."},
			}},
		{name: "who won: a snippet that says it", q: "Who won the 2021 Ostmark Cup final?", asOf: "2023-06-01",
			stories: []story{
				{"s2", "", "Ostmark Cup final preview",
					"May 21, 2021 ... Brennock face Salvar in the 2021 Ostmark Cup final on Saturday, with Brennock the bookmakers' favourites after an ..."},
				{"s4", "", "Salvar win Ostmark Cup",
					"May 23, 2021 ... Salvar won the 2021 Ostmark Cup final on Saturday, beating Brennock 3-1 at Kelby Park in front of ..."},
			}, want: "Salvar won the 2021"},
		{name: "where: snippets of other years", q: "Where was the 2022 Meridian Games held?", asOf: "2023-06-01",
			stories: []story{
				{"s1", "", "Meridian Games history",
					"Jun 2, 2019 ... The 2018 Meridian Games were held in Calder, and the 2014 edition in Ostrava, both drawing ..."},
				{"s2", "", "Meridian Games 2026 host",
					"Feb 1, 2022 ... Punto Sur will host the 2026 Meridian Games, the committee said, after beating ..."},
			}},
		{name: "who is CEO: snippets of the search", q: "Who is the CEO of Quellmark?", asOf: "2024-06-01",
			stories: []story{
				{"s1", "", "Quellmark CEO search",
					"Mar 1, 2024 ... Quellmark has hired a recruitment firm to find a new CEO after Dana Pratt said she would retire at the end of ..."},
			}},
		{name: "how many: snippets without a count", q: "How many medals did Ardania win at the 2024 Meridian Games?", asOf: "2024-12-01",
			stories: []story{
				{"s1", "", "Ardania at the Meridian Games",
					"Aug 3, 2024 ... Ardania sent its largest team yet to the 2024 Meridian Games, with swimmers and rowers hoping to ..."},
				{"s2", "", "Ardania medal hopes",
					"Jul 28, 2024 ... Ardania's best medal hopes at the 2024 Meridian Games are in rowing, coach Ivo Marsh said on ..."},
			}},
	})
}

// TestRefusesForecastsRoundsAndOthers: a favourite, a semifinal, a
// rumoured deal, another person's announcement, another count; and the
// answer stated in other words than the question's, which must be quoted.
func TestRefusesForecastsRoundsAndOthers(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who won: favourites and a semifinal", q: "Who won the 2023 Corran Shield final?", asOf: "2023-09-20",
			stories: []story{
				{"semi", "2023-09-10", "Kilvar into Corran Shield final",
					"Kilvar won their 2023 Corran Shield semifinal against Dunmoor on Sunday to set up a final with Brae. " +
						"Kilvar are favourites to win the Corran Shield final, the bookmakers say."},
				{"odds", "2023-09-15", "Brae underdogs for Corran Shield final",
					"Brae could win the 2023 Corran Shield final for the first time if their young forwards keep scoring, their coach said."},
			}},
		{name: "who won: a paraphrase with beat and lift", q: "Who won the 2023 Corran Shield final?", asOf: "2023-09-20",
			stories: []story{
				{"semi", "2023-09-10", "Kilvar into Corran Shield final",
					"Kilvar won their 2023 Corran Shield semifinal against Dunmoor on Sunday to set up a final with Brae."},
				{"final", "2023-09-17", "Brae stun Kilvar",
					"Brae beat Kilvar 24-20 on Saturday to lift the 2023 Corran Shield, their first title in the competition."},
			}, want: "Brae beat Kilvar"},
		{name: "who won: the women's event for the men's", q: "Who won the men's singles title at the 2022 Harlan Open?", asOf: "2022-07-12",
			stories: []story{
				{"women", "2022-07-10", "Ines Rocha wins Harlan Open",
					"Ines Rocha won the women's singles title at the 2022 Harlan Open on Saturday, beating the top seed in three sets."},
				{"men", "2022-07-09", "Men's final set at Harlan Open",
					"Luka Berg will face Tom Ashby in the men's singles final at the 2022 Harlan Open on Sunday."},
			}},
		{name: "who won: a headline in other words", q: "Who won the women's singles at the 2022 Harlan Open?", asOf: "2022-07-12",
			stories: []story{
				{"women", "2022-07-10", "Rocha wins 2022 Harlan Open",
					"Ines Rocha beat top seed Mai Sato in three sets on Saturday to take the women's singles crown. She is the first Portuguese winner."},
				{"men", "2022-07-09", "Men's final set at Harlan Open",
					"Luka Berg will face Tom Ashby in the men's singles final at the 2022 Harlan Open on Sunday."},
			}, want: "Rocha"},
		{name: "which company: a rumour of talks", q: "Which company acquired Penfold Games?", asOf: "2024-02-20",
			stories: []story{
				{"talks", "2024-02-10", "Penfold Games in sale talks",
					"Penfold Games is in early talks to be acquired by a larger publisher, people familiar with the matter said. " +
						"The studio made the hit puzzle game Lanterns."},
				{"deny", "2024-02-14", "Orbit denies Penfold bid",
					"Orbit Interactive said it is not in talks to acquire Penfold Games, after its shares jumped on a report of a bid."},
			}},
		{name: "which company: the deal in other words", q: "Which company acquired Penfold Games?", asOf: "2024-03-20",
			stories: []story{
				{"talks", "2024-02-10", "Penfold Games in sale talks",
					"Penfold Games is in early talks to be acquired by a larger publisher, people familiar with the matter said."},
				{"deal", "2024-03-12", "Orbit buys puzzle studio",
					"Orbit Interactive bought Penfold Games for $60 million on Tuesday, adding the maker of Lanterns to its studios."},
			}, want: "Orbit Interactive bought"},
		{name: "what did X announce: another person's announcement", q: "What did Governor Ellen Marsh announce on Tuesday?", asOf: "2024-05-10",
			stories: []story{
				{"other", "2024-05-08", "Senate leader unveils housing plan",
					"Senate leader Paul Idris announced on Tuesday a plan to build 20,000 homes, a day after meeting Governor Ellen Marsh. " +
						"Marsh has not said whether she backs it."},
			}},
		{name: "how many: a span of days", q: "How many people attended the Lumen Festival this year?", asOf: "2024-08-20",
			stories: []story{
				{"fest", "2024-08-12", "Lumen Festival ends",
					"The Lumen Festival ended on Sunday after four days of music. " +
						"Attendance figures will be released next week, organisers said."},
			}},
		{name: "how many: counts of other things", q: "How many people attended the Lumen Festival this year?", asOf: "2024-08-20",
			known: "'how many people' takes any count (\"12 were killed\"), so '200 food stall permits and hired 1,500 staff' passes; " +
				"telling a count of attendees from one of staff needs the counted noun's kind",
			stories: []story{
				{"fest", "2024-08-12", "Lumen Festival ends",
					"The Lumen Festival ended on Sunday. Organisers sold 200 food stall permits and hired 1,500 staff. " +
						"Attendance figures will be released next week."},
			}},
		{name: "how many: the count", q: "How many people attended the Lumen Festival this year?", asOf: "2024-08-20",
			stories: []story{
				{"fest", "2024-08-12", "Lumen Festival ends",
					"The Lumen Festival ended on Sunday after four days of music. About 85,000 people attended the festival, organisers said."},
			}, want: "85,000 people attended"},
		{name: "when did it happen: another launch",
			known: "the date is of the Wren satellite, the Skylark is named after it; which object a date belongs to needs the clause's reading", q: "When did Corvane launch its Skylark satellite?", asOf: "2024-09-20",
			stories: []story{
				{"other", "2024-09-02", "Corvane readies Skylark",
					"Corvane launched its Wren satellite on March 3 and says the Skylark satellite is next. Its rocket is being tested in Texas."},
			}},
		{name: "what did X announce: announced", q: "What did Governor Ellen Marsh announce on Tuesday?", asOf: "2024-05-10",
			stories: []story{
				{"other", "2024-05-08", "Senate leader unveils housing plan",
					"Senate leader Paul Idris announced on Tuesday a plan to build 20,000 homes, a day after meeting Governor Ellen Marsh."},
				{"own", "2024-05-08", "Marsh orders water limits",
					"Governor Ellen Marsh announced on Tuesday that lawns may be watered only twice a week until the reservoirs refill."},
			}, want: "lawns may be watered"},
		{name: "who won: the men's event", q: "Who won the men's singles title at the 2022 Harlan Open?", asOf: "2022-07-12",
			stories: []story{
				{"women", "2022-07-10", "Ines Rocha wins Harlan Open",
					"Ines Rocha won the women's singles title at the 2022 Harlan Open on Saturday, beating the top seed in three sets."},
				{"men", "2022-07-11", "Berg beats Ashby at Harlan Open",
					"Luka Berg won the men's singles title at the 2022 Harlan Open on Sunday, beating Tom Ashby in four sets."},
			}, want: "Luka Berg won"},
		{name: "who is PM: the owner's possessive", q: "Who is the prime minister of Ardania?", asOf: "2024-10-20",
			stories: []story{
				{"visit", "2024-10-15", "Velmar prime minister visits Ardania",
					"Velmar's prime minister, Oskar Lind, arrived in Ardania on Monday for talks with Ardania's prime minister, Mira Havel."},
			}, want: "Mira Havel"},
		{name: "where: the venue of another edition", q: "Where will the 2026 Harlan Open be played?", asOf: "2024-09-20",
			stories: []story{
				{"venue", "2024-09-02", "Harlan Open stays at Marsh Park",
					"The 2025 Harlan Open will be played at Marsh Park, the tournament said, after a year of renovation work."},
			}},
		{name: "who is PM: another country's", q: "Who is the prime minister of Ardania?", asOf: "2024-09-20",
			stories: []story{
				{"other", "2024-09-15", "Velmar prime minister visits Ardania",
					"Velmar's prime minister, Oskar Lind, arrived in Ardania on Monday for talks on fishing rights."},
			}},
		{name: "who is PM: in other words", q: "Who is the prime minister of Ardania?", asOf: "2024-10-20",
			stories: []story{
				{"race", "2024-09-15", "Race to lead Ardania narrows",
					"Three candidates remain in the race to become Ardania's next prime minister after the ruling party's first ballot."},
				{"won", "2024-10-03", "Havel sworn in",
					"Mira Havel was sworn in as Ardania's prime minister on Wednesday, a day after winning the party vote."},
			}, want: "Mira Havel"},
	})
}

// TestRefusesMoreSnippets: search-snippet passages on the question's topic
// that do not answer, and ones that state the answer in other words.
func TestRefusesMoreSnippets(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "who won: a snippet of the winner in other words", q: "Who won the women's singles at the 2021 Harlan Open?", asOf: "2023-06-01",
			stories: []story{
				{"s1", "", "Jul 10, 2021",
					"Jul 10, 2021 ... Ines Rocha wins the 2021 Harlan Open, beating Mai Sato 6-3, 6-4 in the women's final at Marsh ..."},
				{"s2", "", "Harlan Open 2021 draw",
					"Jul 1, 2021 ... The draw for the 2021 Harlan Open women's singles has top seed Mai Sato opening against a ..."},
			}, want: "Ines Rocha wins"},
		{name: "who won: snippets of the final's day", q: "Who won the women's singles at the 2021 Harlan Open?", asOf: "2023-06-01",
			stories: []story{
				{"s2", "", "Harlan Open 2021 draw",
					"Jul 1, 2021 ... The draw for the 2021 Harlan Open women's singles has top seed Mai Sato opening against a ..."},
				{"s3", "", "Jul 9, 2021",
					"Jul 9, 2021 ... Mai Sato and Ines Rocha will meet in the women's singles final at the 2021 Harlan Open on Saturday after ..."},
				{"s4", "", "Harlan Open champions",
					"Mai Sato won the 2020 Harlan Open women's singles, her second title at Marsh Park, after beating ..."},
			}},
		{name: "when: snippets of rumoured dates", q: "When will the Orvel X3 be released?", asOf: "2024-06-01",
			stories: []story{
				{"s1", "", "Orvel X3 release date rumours",
					"May 2, 2024 ... The Orvel X3 release date has not been confirmed, but leakers expect it to be later than the X2, which came out ..."},
			}},
		{name: "how much: snippets without the price", q: "How much does the Orvel X3 cost?", asOf: "2024-06-01",
			stories: []story{
				{"s1", "", "Orvel X3 hands-on",
					"May 9, 2024 ... The Orvel X3 has a brighter screen and a bigger battery, and Orvel has not said what it will cost when it goes on ..."},
			}},
		{name: "who is the CEO: a snippet of the former", q: "Who is the CEO of Halvard Motors?", asOf: "2024-06-01",
			stories: []story{
				{"s1", "", "Halvard Motors leadership",
					"Feb 3, 2024 ... Former Halvard Motors CEO Ken Osei, who stepped down last year, joined a start-up making battery ..."},
			}},
	})
}

// TestRefusesAnotherOwnersEvent: the asked thing of another place or body
// ("Velmar's Senate race" for "Ardania's"), a designer never named, and
// the answers that state them.
func TestRefusesAnotherOwnersEvent(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "how many votes: another state's race", q: "How many votes did the winner get in Ardania's Senate race?", asOf: "2024-11-12",
			stories: []story{
				{"other", "2024-11-08", "Velmar race heads to runoff",
					"Velmar's Senate race will go to a runoff after Ines Dal finished with 48 percent of the vote, officials said. " +
						"Counting in Ardania's Senate race continues."},
			}},
		{name: "how many votes: the count", q: "How many votes did the winner get in Ardania's Senate race?", asOf: "2024-11-12",
			stories: []story{
				{"other", "2024-11-08", "Velmar race heads to runoff",
					"Velmar's Senate race will go to a runoff after Ines Dal finished with 48 percent of the vote, officials said."},
				{"own", "2024-11-10", "Orsk wins Ardania seat",
					"Paul Orsk won Ardania's Senate race with 1,204,331 votes, the final count showed on Sunday."},
			}, want: "1,204,331 votes"},
		{name: "how many: a wait of days for the attendance", q: "What was the attendance at game three of the Harbour Series in Calder?", asOf: "2024-10-30",
			stories: []story{
				{"wait", "2024-10-28", "Calder hosts Harbour Series game",
					"Calder had waited 3,210 days to host a Harbour Series game, and fans filled the streets around the stadium on Monday night."},
			}},
		{name: "who designed: a story that names no designer", q: "Who designed the flag of Ardania?", asOf: "2024-10-30",
			stories: []story{
				{"flag", "2024-10-20", "Ardania flag flies over new parliament",
					"The flag of Ardania, a green cross on white, was raised over the new parliament building on Sunday by Prime Minister Mira Havel. " +
						"Crowds sang the anthem."},
			}},
		{name: "who designed: the designer", q: "Who designed the flag of Ardania?", asOf: "2024-10-30",
			stories: []story{
				{"flag", "2024-10-20", "Ardania flag turns 100",
					"The flag of Ardania, a green cross on white, was designed in 1924 by the painter Jon Vellek, who wanted a symbol of the islands' fields."},
			}, want: "Jon Vellek"},
	})
}

// TestSnippetsOfOtherKinds: snippets for "when was it founded", "which
// country", "where", "who is the CEO" and "what did X announce", refused
// when they hold no answer and quoted when one states it in other words.
func TestSnippetsOfOtherKinds(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "what did X announce: said, not announced", q: "What did Mayor Ruth Calloway announce on Monday?", asOf: "2024-09-11",
			stories: []story{
				{"presser", "2024-09-08", "Calloway to hold news conference",
					"Mayor Ruth Calloway will hold a news conference on Monday at City Hall, her office said."},
				{"cars", "2024-09-09", "Calloway bans cars from Main Street",
					"Mayor Ruth Calloway said on Monday that cars will be banned from Main Street on weekends from October."},
			}, want: "cars will be banned"},
		{name: "founded: a snippet of another company's founding", q: "When was Tindra Foods founded?", asOf: "2024-09-11",
			stories: []story{
				{"s1", "", "Tindra Foods competitors",
					"Mar 3, 2023 ... Tindra Foods competes with Halvey Bakeries, which was founded in 1921 in Ohio and now sells bread in ..."},
			}},
		{name: "founded: a snippet that says it", q: "When was Tindra Foods founded?", asOf: "2024-09-11",
			stories: []story{
				{"s1", "", "Tindra Foods competitors",
					"Mar 3, 2023 ... Tindra Foods competes with Halvey Bakeries, which was founded in 1921 in Ohio and now sells bread in ..."},
				{"s2", "", "About Tindra Foods",
					"Tindra Foods was established in 1962 by Ana Tindra, who baked rye loaves in a garage in Gresham before ..."},
			}, want: "established in 1962"},
		{name: "which country: snippets of the bidders", q: "Which country will host the 2030 Solace Cup?", asOf: "2024-06-15",
			stories: []story{
				{"s1", "", "2030 Solace Cup bids",
					"Apr 2, 2024 ... Portugal, Chile and Kenya have bid to host the 2030 Solace Cup, and the federation will vote in ..."},
				{"s2", "", "Solace Cup hosts",
					"Portugal hosted the 2022 Solace Cup and Chile the 2018 edition, drawing record crowds to ..."},
			}},
		{name: "which country: a snippet of the vote", q: "Which country will host the 2030 Solace Cup?", asOf: "2024-12-15",
			stories: []story{
				{"s1", "", "2030 Solace Cup bids",
					"Apr 2, 2024 ... Portugal, Chile and Kenya have bid to host the 2030 Solace Cup, and the federation will vote in ..."},
				{"s3", "", "Kenya wins 2030 Solace Cup vote",
					"Nov 20, 2024 ... Kenya will host the 2030 Solace Cup after winning the federation's vote on Wednesday, beating ..."},
			}, want: "Kenya will host"},
		{name: "who is the CEO: a snippet with the title written out", q: "Who is the CEO of Halvard Motors?", asOf: "2024-06-01",
			stories: []story{
				{"s1", "", "Halvard Motors leadership",
					"Feb 3, 2024 ... Former Halvard Motors CEO Ken Osei, who stepped down last year, joined a start-up making battery ..."},
				{"s2", "", "Halvard Motors names Ruth Anand chief executive",
					"Jan 9, 2024 ... Halvard Motors named Ruth Anand chief executive officer on Tuesday, promoting its head of ..."},
			}, want: "Ruth Anand"},
	})
}

// TestRefusesLastYearsAndPreviews: last year's date, a preview's
// questions and a partial count, against the stories that answer.
func TestRefusesLastYearsAndPreviews(t *testing.T) {
	runChoice(t, []choiceScenario{
		{name: "when will it open: only last year's date", q: "When will the 2025 Brenna Book Fair open?", asOf: "2025-01-10",
			stories: []story{
				{"last", "2024-03-02", "Brenna Book Fair opens",
					"The 2024 Brenna Book Fair opened on March 1 with 400 publishers from 30 countries."},
				{"plans", "2024-12-20", "Brenna Book Fair to grow",
					"Organisers of the Brenna Book Fair said the 2025 edition will add a hall for comics. Dates have not been set."},
			}},
		{name: "when will it open: the date", q: "When will the 2025 Brenna Book Fair open?", asOf: "2025-01-10",
			stories: []story{
				{"last", "2024-03-02", "Brenna Book Fair opens",
					"The 2024 Brenna Book Fair opened on March 1 with 400 publishers from 30 countries."},
				{"dates", "2025-01-05", "Brenna Book Fair dates set",
					"The 2025 Brenna Book Fair will open on March 6 and run for five days, organisers said on Sunday."},
			}, want: "March 6"},
		{name: "which team: a preview's questions", q: "Which team won the 2024 Halden Bowl?", asOf: "2024-02-20",
			stories: []story{
				{"preview", "2024-02-09", "Five questions before the Halden Bowl",
					"Can the Marlins stop the Otters' passing game in the 2024 Halden Bowl? The Otters won the 2023 Halden Bowl behind their rookie quarterback."},
			}},
		{name: "which team: the result in other words", q: "Which team won the 2024 Halden Bowl?", asOf: "2024-02-20",
			stories: []story{
				{"preview", "2024-02-09", "Five questions before the Halden Bowl",
					"Can the Marlins stop the Otters' passing game in the 2024 Halden Bowl? The Otters won the 2023 Halden Bowl behind their rookie quarterback."},
				{"result", "2024-02-12", "Marlins beat Otters in Halden Bowl",
					"The Marlins beat the Otters 27-24 in overtime on Sunday to win the 2024 Halden Bowl."},
			}, want: "The Marlins beat the Otters"},
		{name: "where: a preview that names no venue", q: "Where will the 2025 Ostmark Cup final be played?", asOf: "2025-01-10",
			stories: []story{
				{"draw", "2025-01-08", "Ostmark Cup draw made",
					"The draw for the 2025 Ostmark Cup was made on Monday, and holders Salvar will open at home against Brennock. " +
						"The venue for the final has not been chosen."},
			}},
		{name: "when did he die: an illness only", q: "When did the painter Jon Vellek die?", asOf: "2024-03-10",
			stories: []story{
				{"ill", "2024-02-20", "Vellek in hospital",
					"The painter Jon Vellek, 91, was taken to hospital on Monday with pneumonia, his family said. He designed the flag of Ardania in 1924."},
			}},
	})
}
