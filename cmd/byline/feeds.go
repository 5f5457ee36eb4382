package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/byline-bot/byline/feeds"
)

// openPoller builds the feed poller on the app's library and loader.
func (a *app) openPoller(env *environment) (*feeds.Poller, error) {
	f := a.cfg.Feeds
	return feeds.New(feeds.Config{
		DataDir: a.cfg.DataDir, Sources: followedSources(a.cfg),
		Every: f.Every, MaxInterval: f.MaxInterval, MaxFailures: f.MaxFailures, Concurrency: f.Concurrency, PerHost: f.PerHost,
		Retention: feeds.Retention{MaxAge: a.cfg.Index.Retention.MaxAge, MaxArticles: a.cfg.Index.Retention.MaxArticles},
	}, feeds.Deps{Index: a.lib, Fetcher: a.loader, Log: a.log.WithGroup("feeds")})
}

// openFeeds opens the app and the poller, for the feed commands. An index
// that cannot be read is reported: feeds must not be polled into it.
func (env *environment) openFeeds(serve bool) (*app, *feeds.Poller, error) {
	a, err := env.openApp(serve)
	if err != nil {
		return nil, nil, err
	}
	if a.indexErr != nil {
		return nil, nil, a.indexErr
	}
	p, err := a.openPoller(env)
	if err != nil {
		return nil, nil, err
	}
	return a, p, nil
}

const feedsUsage = `Usage:
  byline feeds add URL [--every 15m] [--full-text=true] [--include WORDS] [--exclude WORDS] [--channel ID]
                       [--max-age 720h] [--max-articles N]
  byline feeds list [--json]
  byline feeds remove URL|ID [--purge]
`

func cmdFeeds(env *environment, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(env.stderr, feedsUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return cmdFeedsAdd(env, args[1:])
	case "list", "ls":
		return cmdFeedsList(env, args[1:])
	case "remove", "rm":
		return cmdFeedsRemove(env, args[1:])
	default:
		fmt.Fprint(env.stderr, feedsUsage)
		return fmt.Errorf("%w: unknown feeds command %q", errUsage, args[0])
	}
}

func cmdFeedsAdd(env *environment, args []string) error {
	fs := env.flagSet("feeds add")
	every := fs.Duration("every", 0, "poll interval (default feeds.every; at least 2m)")
	fullText := fs.Bool("full-text", true, "index the linked page's main text, not only the feed's summary")
	include := fs.String("include", "", "post only stories with one of these comma-separated words")
	exclude := fs.String("exclude", "", "never post stories with one of these comma-separated words")
	channel := fs.String("channel", "", "Discord channel id to post new stories in")
	maxAge := fs.Duration("max-age", 0, "drop this feed's articles older than this (default index.retention.max_age)")
	maxArticles := fs.Int("max-articles", 0, "keep at most this many of this feed's newest articles (default index.retention.max_articles)")
	jsonOut := fs.Bool("json", false, "print the source as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: byline feeds add takes one URL", errUsage)
	}
	_, p, err := env.openFeeds(false)
	if err != nil {
		return err
	}
	src, err := p.Add(env.ctx, feeds.Source{URL: pos[0], Every: *every, SummaryOnly: !*fullText,
		Include: feeds.Words(*include), Exclude: feeds.Words(*exclude), Channel: strings.TrimSpace(*channel),
		MaxAge: *maxAge, MaxArticles: *maxArticles})
	if err != nil {
		return err
	}
	if *jsonOut {
		return writeJSON(env.stdout, src)
	}
	fmt.Fprintf(env.stdout, "Following %s (id %s) every %s.\n", src.URL, src.ID, src.Every)
	if src.Channel == "" && len(src.Include)+len(src.Exclude) > 0 {
		fmt.Fprintln(env.stdout, "  note: --include and --exclude choose what is posted to a channel; with no --channel every item is indexed.")
	}
	fmt.Fprintln(env.stdout, "  `byline serve` or `byline watch` polls it; `byline poll` polls what is due now.")
	return nil
}

func cmdFeedsList(env *environment, args []string) error {
	fs := env.flagSet("feeds list")
	jsonOut := fs.Bool("json", false, "print the list as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: byline feeds list takes no arguments", errUsage)
	}
	_, p, err := env.openFeeds(false)
	if err != nil {
		return err
	}
	list := p.List()
	if *jsonOut {
		return writeJSON(env.stdout, struct {
			Feeds []feeds.Status `json:"feeds"`
		}{list})
	}
	printFeeds(env.stdout, list)
	return nil
}

func printFeeds(w io.Writer, list []feeds.Status) {
	if len(list) == 0 {
		fmt.Fprintln(w, "No feeds followed: `byline feeds add URL`, or list them in sources: of the configuration.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tURL\tEVERY\tLAST POLL\tSTATUS\tNEXT POLL\tARTICLES\tFAILURES")
	for _, s := range list {
		status := orDash(s.LastStatus)
		if s.HTTPStatus != 0 {
			status += fmt.Sprintf(" (%d)", s.HTTPStatus)
		}
		next := when(s.NextPoll)
		if s.Disabled {
			next = "disabled"
		}
		id := s.ID
		if s.FromConfig {
			id += "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n", id, s.URL, s.Every, when(s.LastPoll), status, next, s.Articles, s.Failures)
	}
	tw.Flush()
	for _, s := range list {
		if s.Error != "" {
			fmt.Fprintf(w, "  %s: %s\n", s.ID, s.Error)
		}
	}
	fmt.Fprintf(w, "%d feeds (* from the configuration)\n", len(list))
}

// when shows a time in the local zone, to the minute; "-" when zero.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func cmdFeedsRemove(env *environment, args []string) error {
	fs := env.flagSet("feeds remove")
	purge := fs.Bool("purge", false, "also remove its articles from the index")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: byline feeds remove takes one URL or id", errUsage)
	}
	_, p, err := env.openFeeds(false)
	if err != nil {
		return err
	}
	if err := p.Remove(env.ctx, pos[0], *purge); err != nil {
		return err
	}
	if *purge {
		fmt.Fprintf(env.stdout, "No longer following %s; its articles were removed.\n", pos[0])
	} else {
		fmt.Fprintf(env.stdout, "No longer following %s; its articles stay indexed (--purge removes them).\n", pos[0])
	}
	return nil
}

func cmdPoll(env *environment, args []string) error {
	fs := env.flagSet("poll")
	jsonOut := fs.Bool("json", false, "print the report as JSON")
	all := fs.Bool("all", false, "poll every feed now, due or not")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: byline poll takes no arguments", errUsage)
	}
	_, p, err := env.openFeeds(false)
	if err != nil {
		return err
	}
	rep, err := p.Poll(env.ctx, *all)
	if err != nil {
		return err
	}
	if *jsonOut {
		return writeJSON(env.stdout, rep)
	}
	if len(rep.Feeds) == 0 {
		fmt.Fprintln(env.stdout, "No feed is due (`byline poll --all` polls them all now; `byline feeds list` shows when each is due).")
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	for _, r := range rep.Feeds {
		code := "-"
		if r.HTTPStatus != 0 {
			code = fmt.Sprint(r.HTTPStatus)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d new\t%d updated\tnext %s\t%s\n", r.Status, code, r.New, r.Updated, when(r.NextPoll), r.URL)
	}
	tw.Flush()
	for _, r := range rep.Feeds {
		if r.Error != "" {
			fmt.Fprintf(env.stdout, "  %s: %s\n", r.URL, r.Error)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(env.stdout, "  note: %s\n", n)
		}
	}
	return nil
}

// cmdWatch runs the poller with no Discord at all, until SIGINT or SIGTERM.
func cmdWatch(env *environment, args []string) error {
	fs := env.flagSet("watch")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: byline watch takes no arguments", errUsage)
	}
	a, p, err := env.openFeeds(true)
	if err != nil {
		return err
	}
	n := len(p.List())
	if n == 0 {
		return errors.New("no feeds to watch: `byline feeds add URL` or list them in sources: of the configuration")
	}
	a.log.Info("watching feeds", "feeds", n)
	if err := p.Run(env.ctx); err != nil {
		return err
	}
	a.log.Info("stopped watching feeds")
	return nil
}
