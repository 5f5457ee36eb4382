package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/google/go-cmp/cmp"
)

// storyText returns a news story of n sentences of words drawn at random
// (seeded by topic): different topics share no word sequences, the same
// topic gives the same text.
func storyText(topic string, n int) string {
	words := strings.Fields(`officials said the council bridge river police report minister court judge witness
		city budget vote plan workers union strike company shares market price rain storm flood fire crews
		school students teachers hospital doctors patients election campaign voters mayor governor senate
		house bill law tax jobs trade border ship port airport train road traffic team coach game season`)
	h := fnv.New64a()
	h.Write([]byte(topic))
	r := rand.New(rand.NewPCG(h.Sum64(), 1))
	var b strings.Builder
	b.WriteString(topic + ": ")
	for range n {
		for k := range 12 {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		b.WriteString(". ")
	}
	return b.String()
}

const furniture = "Sign up for our morning newsletter to get the five stories you need to know delivered to your inbox every day. " +
	"Video player was slow to load content. Video content never loaded. Ad froze or did not finish loading. Audio on ad was too loud."

func TestDuplicatesCollapse(t *testing.T) {
	story := storyText("harbour bridge", 20)
	arts := []byline.Article{
		{ID: "a1", Title: "Harbour bridge inquiry opens", Source: "Daily Planet", Published: day("2022-09-01"), Text: story},
		// Syndicated copies: a different first line and a trailer, same day or next.
		{ID: "a2", Title: "Inquiry into the harbour bridge", Source: "Gazette", Published: day("2022-09-01"),
			Text: "GAZETTE WIRE SERVICES. " + story + " Copyright the Gazette."},
		{ID: "a3", Title: "Bridge inquiry: what we know", Source: "Courier", Published: day("2022-09-02"), Text: story + furniture},
		// A different story on another topic.
		{ID: "b", Title: "River ferry strike", Source: "Daily Planet", Published: day("2022-09-01"), Text: storyText("river ferry", 20)},
	}
	ix := build(t, nil, arts, nil)
	res, err := ix.Search(context.Background(), Query{Text: "harbour bridge council witness", AsOf: day("2022-09-03")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 {
		t.Fatal("no results")
	}
	top := res[0]
	got := append([]string{top.Article.ID}, top.DuplicateIDs...)
	slices.Sort(got)
	if !slices.Equal(got, []string{"a1", "a2", "a3"}) {
		t.Errorf("top result holds %v, want a1, a2, a3", got)
	}
	outlets := slices.Clone(top.Outlets)
	slices.Sort(outlets)
	if !slices.Equal(outlets, []string{"Courier", "Daily Planet", "Gazette"}) {
		t.Errorf("outlets %v, want every copy's outlet", top.Outlets)
	}
	for _, r := range res[1:] {
		if strings.HasPrefix(r.Article.ID, "a") {
			t.Errorf("copy %s shown again at a lower rank", r.Article.ID)
		}
	}
}

func TestDuplicatesStayApart(t *testing.T) {
	var arts []byline.Article
	// Pages whose text is only the same page furniture (video pages whose
	// story did not load) are different stories.
	for i := range boilerplateDocs + 5 {
		arts = append(arts, byline.Article{ID: fmt.Sprintf("video%02d", i), Title: fmt.Sprintf("Video story %d", i),
			Published: day("2022-09-01"), Text: furniture + " " + furniture})
	}
	// Two stories that share the newsletter template and a short item.
	shared := "In other news, the city council approved the new budget on a vote of seven to two after a long debate. "
	arts = append(arts,
		byline.Article{ID: "digest1", Title: "Morning digest, Sept. 1", Published: day("2022-09-01"),
			Text: furniture + shared + storyText("stadium", 12)},
		byline.Article{ID: "digest2", Title: "Morning digest, Sept. 2", Published: day("2022-09-02"),
			Text: furniture + shared + storyText("airport", 12)},
		// The same text months apart is a recurring piece, not a copy.
		byline.Article{ID: "annual2021", Title: "Annual lantern festival", Published: day("2021-09-01"), Text: storyText("lantern festival", 15)},
		byline.Article{ID: "annual2022", Title: "Annual lantern festival", Published: day("2022-09-01"), Text: storyText("lantern festival", 15)},
	)
	ix := build(t, nil, arts, nil)
	for i, d := range ix.docs {
		if int(d.Canon) != i {
			t.Errorf("%s grouped with %s", d.ID, ix.docs[d.Canon].ID)
		}
	}
}

// TestWordHashesStable pins the word hashes the duplicate groups are drawn
// from: snapshots store the groups, so a change of hash (hash/fnv hashes the
// bytes of "café", not its runes) must come with a derivedVersion bump.
func TestWordHashesStable(t *testing.T) {
	got := wordHashes("Biden’s café, 200,000", nil)
	biden := fnv.New64a()
	biden.Write([]byte("biden")) // ASCII words hash as hash/fnv does
	want := []uint64{biden.Sum64(), 0xaf63ee4c86020b22, 0xb538f990e85962dc, 0x603ec818278d901d, 0x4e7ef2181d60f747}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wordHashes (-want +got):\n%s", diff)
	}
}

// A story carried by more outlets than boilerplateDocs, under its headline,
// is one story: its shingles are not furniture for being widely shared (the
// 16x scaling corpus, 16 archive copies of each article, lost its groups so).
func TestWidelyCarriedStoryCollapses(t *testing.T) {
	story := storyText("port strike", 20)
	var arts []byline.Article
	for i := range boilerplateDocs + 10 {
		arts = append(arts, byline.Article{ID: fmt.Sprintf("copy%02d", i), Title: "Port workers strike over pay",
			Source: fmt.Sprintf("Outlet %d", i), Published: day("2022-09-01"), Text: story + fmt.Sprintf(" Filed by desk %d.", i)})
	}
	ix := build(t, nil, arts, nil)
	for i, d := range ix.docs {
		if d.Canon != 0 {
			t.Errorf("%s (%d) grouped with %s, want copy00", d.ID, i, ix.docs[d.Canon].ID)
		}
	}
	if n := len(ix.docs[0].Outlets); n != len(arts) {
		t.Errorf("%d outlets listed, want %d", n, len(arts))
	}
}
