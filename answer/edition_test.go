package answer

import "testing"

// TestAnswersTheEditionAsked: a sentence about another year's edition,
// another season, a sequel, a former holder of the role or an undated
// "last year" does not answer; one about the edition asked does.
func TestAnswersTheEditionAsked(t *testing.T) {
	tests := []struct {
		q, s, title, pub string
		want             bool
	}{
		{"Which city hosted the summer olympics in 2012?",
			"Eight cities bid for the 2016 Summer Olympics after the bids for 2012 closed.", "Olympic bids", "", false},
		{"Which city hosted the summer olympics in 2012?",
			"The 2012 Summer Olympics were hosted by London, the first city to do so three times.", "Olympic hosts", "", true},
		{"Who won the men's singles French Open in 2018?",
			"French Open 2017 champion Rafael Nadal returned to Paris as the favourite.", "Nadal in 2018", "", false},
		{"Who won the men's singles French Open in 2018?",
			"Past champions: 2019, Rafael Nadal (Spain) ; 2018, Rafael Nadal (Spain), Dominic Thiem (Austria).", "French Open winners", "", true},
		{"When did the second season of The Morning Show premiere?",
			"The Morning Show returns with its Season 3 premiere on Wednesday, September 13 on Apple TV+.", "The Morning Show", "", false},
		{"When does season 2 of The Morning Show premiere?",
			"The second season of The Morning Show premieres September 17, 2021 on Apple TV+.", "Apple TV+ dates", "", true},
		{"When was Red Dead Redemption released?",
			"Red Dead Redemption 2 was released on October 26, 2018 for consoles.", "Rockstar games", "", false},
		{"When was Red Dead Redemption 2 released?",
			"Red Dead Redemption 2 was released on October 26, 2018 for consoles.", "Rockstar games", "", true},
		{"Who is the president of the IOC?",
			"Jacques Rogge, the former president of the IOC, said the games would go ahead.", "IOC", "", false},
		{"Who is the president of the IOC?",
			"IOC vice-presidents and members receive an annual allowance from the committee.", "IOC", "", false},
		{"Who is the president of the IOC?",
			"Thomas Bach, the president of the IOC, opened the session in Lausanne.", "IOC", "", true},
		{"Who is the director of the Dune movie?",
			"He won an Oscar for best director, and Dune was his next film after Arrival.", "Dune", "", false},
		{"When was Hollow Knight released?",
			"When Hollow Knight released last year, few expected a hit from a three-person studio.", "Hollow Knight", "", false},
		{"When was Hollow Knight released?",
			"When Hollow Knight released last year, few expected a hit from a three-person studio.", "Hollow Knight", "2018", true},
		{"What was Netflix's revenue in Q2 2022?",
			"In the Q2 2022 letter, Netflix said it lost 970,000 subscribers in the quarter.", "Netflix Q2", "", false},
		{"What was Netflix's revenue in Q2 2022?",
			"Netflix reported Q2 2022 revenue of $7.97 billion, up 9% from a year earlier.", "Netflix Q2", "", true},
		{"Who won the 2019 Giro d'Italia?",
			"Primoz Roglic won stage 9 of the Giro d'Italia, his second victory of the race.", "Giro", "2019", false},
		{"Who won the 2019 Giro d'Italia?",
			"Richard Carapaz won the 2019 Giro d'Italia, the first Ecuadorian to win a Grand Tour.", "Giro", "2019", true},
		{"When was The Witcher: Wild Hunt released?",
			"The Witcher Wild Hunt 2 is expected in 2026 according to the studio's roadmap.", "Witcher", "", false},
		{"What is the date of the 2023 NFL Draft?",
			"The 2023 NFL Draft Combine runs February 28 to March 6 in Indianapolis.", "NFL Draft", "2023", false},
		{"What is the date of the 2023 NFL Draft?",
			"Date: Thursday, April 28, 2022.", "2023 NFL Draft", "", false},
		{"What is the date of the 2023 NFL Draft?",
			"The 2023 NFL Draft begins Thursday, April 27 in Kansas City.", "NFL Draft", "2023", true},
		{"Who is the Maxwell Award winner in 2019?",
			"Maxwell Award Semifinalist Jalen Hurts threw for 3,800 yards in 2019.", "Semifinalists", "2019", false},
		{"Who is the CEO of Nike in 2022?",
			"Nike CEO John Donahoe told analysts the brand's inventory had peaked.", "Nike", "2022", true},
		{"When will the first season of The Glimmer premiere?",
			"The sixth and final season of the drama series The Glimmer premiered on March 2, 2024.", "The Glimmer", "", false},
		{"When was Hollow Knight released?",
			"Team Cherry's long-awaited sequel to 2017's Hollow Knight got a release date trailer on Monday.", "Hollow Knight", "", false},
		{"When does season 3 of The Glimmer premiere?",
			"The Glimmer season 3, episode 8 airs at 9 p.m. Eastern on Sunday, March 3.", "The Glimmer", "", false},
		{"When does season 3 of The Glimmer premiere?",
			"The Glimmer season 3 premieres on Sunday, January 7, with two episodes.", "The Glimmer", "", true},
		{"Who won Best Actor at the 2031 Academy Awards?",
			"Sam Reed won the best supporting actor Oscar for “The Long Field” at the 2031 Academy Awards.", "Oscars", "", false},
		{"Who won Best Actor at the 2031 Academy Awards?",
			"Sam Reed won Best Actor at the 2031 Academy Awards for “The Long Field”, his first Oscar.", "Oscars", "", true},
		{"Who won the women's singles at the 2031 Springfield Open?",
			"Mia Lund wins her Springfield Open debut; upsets take out two seeds.", "Springfield Open", "2031", false},
		{"Who won the women's singles at the 2031 Springfield Open?",
			"Mia Lund won the 2031 Springfield Open, beating Ana Roth in the final.", "Springfield Open", "2031", true},
		{"Who will play the role of Lena Marsh in Night Harbor 2?",
			"Ten-year-old Ava Cole plays the young Lena Marsh in Night Harbor 2.", "Night Harbor", "", false},
		{"Who will play the role of Lena Marsh in Night Harbor 2?",
			"Rosa Grant returns as Lena Marsh in Night Harbor 2, and the young Lena Marsh is played by Ava Cole.", "Night Harbor", "", true},
		{"Who is the director of \"Silver Lanes\"?",
			"Tom Hale, a director of music videos whose work included the famous video for “Silver Lanes”, died Sunday.", "Tom Hale", "", false},
		{"Who is the director of \"Silver Lanes\"?",
			"Fans paid tribute to Silver Lanes video director Tom Hale on Monday.", "Tom Hale", "", false},
		{"Who is the director of \"Silver Lanes\"?",
			"Ana Ruiz, the director of the film, said “Silver Lanes” took six years to make.", "Silver Lanes", "", true},
		{"Who directed Night Harbor?",
			"Night Harbor (2019), for which he won an Oscar for best director, was his biggest hit.", "Night Harbor", "", false},
		{"Who directed Night Harbor?",
			"Night Harbor was directed by Ana Ruiz, who later won an Oscar for best director.", "Night Harbor", "", true},
		{"When was the Zephyr 7 announced?",
			"Mar 3, 2031 ... Orbit has officially announced its new Zephyr 7 and Zephyr 7 Max.", "Zephyr 7", "", true},
		{"When was the Zephyr 7 announced?",
			"Mar 3, 2031 ... Orbit announced its new Zephyr 7 and Zephyr 7 Max to a small crowd.", "Zephyr 7", "", false},
		{"When was the Zephyr 7 announced?",
			"OSLO, Norway — Orbit has officially announced its new Zephyr 7 and Zephyr 7 Max.", "Zephyr 7", "", false},
		{"Who will play the lead in Night Harbor 2?",
			"In Night Harbor 2, viewers will catch glimpses of the National ...", "Night Harbor", "", false},
		{"Who will play the lead in Night Harbor 2?",
			"In Night Harbor 2, Rosa Grant will play the lead opposite the National ...", "Night Harbor", "", true},
		{"Who is the CEO of Nike in 2022?",
			"The Nike Foundation names Caitlin Morris its new CEO from September.", "Nike", "2022", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			a := readQuestion(tt.q)
			got := a.answers(tt.s, tt.s, tt.title, tt.pub, termSet(tt.q))
			if got != tt.want {
				t.Errorf("answers(%q) for %q = %v, want %v (%+v)", tt.s, tt.q, got, tt.want, a)
			}
		})
	}
}
