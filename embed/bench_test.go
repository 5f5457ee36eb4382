package embed

import (
	"context"
	"strings"
	"testing"
)

// benchParagraphs is invented news-like prose; chunks of about 1 KB are cut
// from it the way the indexer cuts articles.
const benchParagraphs = `WASHINGTON — The defense minister of a small Baltic state met Pentagon officials on Tuesday to
discuss air defense systems, fuel supplies and the training of 2,000 reservists before the winter. Officials said
the talks covered the delivery schedule for radar equipment that was delayed by a shortage of semiconductors, and
that both sides expected a written agreement within weeks. The minister’s spokesperson declined to say how much
the package would cost, but lawmakers in the capital have approved a budget increase of 1.5% of economic output.
Central banks on three continents raised interest rates again this week as inflation stayed close to its highest
level in four decades. Investors sold shares of technology companies and bought government bonds, sending yields
lower for the first time since June. Analysts at several banks warned that a recession next year was now more
likely than not, while retailers reported that shoppers were switching to cheaper brands and delaying purchases of
furniture, electronics and cars. The U.S. dollar rose against the euro and the yen for a fifth straight session.
Firefighters in southern Europe battled wildfires for a second week as a heat wave pushed temperatures above 40
degrees Celsius. Thousands of residents were evacuated from villages near the coast, and tourists were told to
avoid hiking trails in the hills. Scientists said the fires were fed by a drought that has left reservoirs at
record lows, and that such summers would become common without deep cuts in emissions. The European Union sent
planes from four member states to help, and the prime minister promised compensation to farmers who lost crops.
In football, the league champions won their opening match 3-1 after a late goal from a teenage striker who joined
the club from Brazil last month. The coach praised the young player’s calm in front of goal but said the defense
still looked unsettled after the sale of its captain. Ticket prices, which rose by a fifth this season, drew
protests from supporters’ groups outside the stadium before kick-off, and the club said it would review them.`

func benchChunks() []string {
	text := strings.Join(strings.Fields(benchParagraphs), " ")
	var chunks []string
	for start := 0; start+1000 <= len(text); start += 97 { // overlapping windows: varied chunks
		chunks = append(chunks, text[start:start+1000])
	}
	return chunks
}

func BenchmarkNewOffline(b *testing.B) {
	for b.Loop() {
		if _, err := NewOffline(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEmbed(b *testing.B) {
	o := newTestOffline(b)
	chunks := benchChunks()
	ctx := context.Background()
	b.SetBytes(int64(len(strings.Join(chunks, ""))))
	b.ResetTimer()
	for b.Loop() {
		if _, err := o.Embed(ctx, chunks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(chunks))/b.Elapsed().Seconds(), "chunks/s")
}

func BenchmarkEmbedQuery(b *testing.B) {
	o := newTestOffline(b)
	query := []string{"Which continent will require a common charger for phones?"}
	ctx := context.Background()
	for b.Loop() {
		if _, err := o.Embed(ctx, query); err != nil {
			b.Fatal(err)
		}
	}
}
