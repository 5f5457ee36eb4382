package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/byline-bot/byline/feedback"
)

// cmdGaps prints what members asked in Discord that the articles did not
// cover or that they voted not helpful, grouped into topics, with the
// closest articles. It reads the feedback log only: no index is loaded.
func cmdGaps(env *environment, args []string) error {
	fs := env.flagSet("gaps")
	days := fs.Int("days", 30, "how many recent days to look at")
	jsonOut := fs.Bool("json", false, "print the gaps as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: byline gaps [--days N] [--json]", errUsage)
	}
	if *days < 1 {
		return fmt.Errorf("%w: --days wants 1 or more", errUsage)
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return err
	}
	store, err := feedback.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer store.Close()
	gaps := store.Gaps(time.Now().AddDate(0, 0, -*days))
	if *jsonOut {
		return writeJSON(env.stdout, struct {
			Days int            `json:"days"`
			Gaps []feedback.Gap `json:"gaps"`
		}{*days, gaps})
	}
	if len(gaps) == 0 {
		fmt.Fprintf(env.stdout, "No coverage gaps in the last %d days: no question went uncovered and no answer was voted not helpful.\n", *days)
		return nil
	}
	questions := 0
	for _, g := range gaps {
		questions += g.Questions
	}
	fmt.Fprintf(env.stdout, "Coverage gaps in the last %d days: %d questions in %d topics\n", *days, questions, len(gaps))
	for i, g := range gaps {
		var why []string
		if g.NotCovered > 0 {
			why = append(why, fmt.Sprintf("%d not covered", g.NotCovered))
		}
		if g.NotHelpful > 0 {
			why = append(why, fmt.Sprintf("%d not helpful", g.NotHelpful))
		}
		fmt.Fprintf(env.stdout, "\n%d. %s: %d question(s) (%s)\n   e.g. %q\n", i+1, g.Topic, g.Questions, strings.Join(why, ", "), g.Example)
		for _, s := range g.Closest {
			fmt.Fprintf(env.stdout, "   closest: %s", s.Title)
			if s.URL != "" {
				fmt.Fprintf(env.stdout, " <%s>", s.URL)
			}
			fmt.Fprintln(env.stdout)
		}
	}
	return nil
}
