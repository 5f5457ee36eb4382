// Command byline answers questions about news articles with citations, from
// the terminal and in Discord. Run `byline help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/byline-bot/byline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// BYLINE_CPUPROFILE=FILE writes a CPU profile of the run (for
	// docs/BENCHMARKS.md measurements).
	if path := os.Getenv("BYLINE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	err := runEnviron(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv, os.Environ)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) {
			printError(os.Stderr, err)
		}
		pprof.StopCPUProfile()
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// printError writes err for a terminal user: the whole chain (the operator
// may need the cause), then the hint of a *byline.Error on its own line.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "byline:", err)
	var be *byline.Error
	if errors.As(err, &be) && be.Hint != "" {
		fmt.Fprintln(w, "hint:", be.Hint)
	}
}

// errUsage marks a command-line mistake (exit status 2); errReported an
// error already printed.
var (
	errUsage    = errors.New("usage")
	errReported = errors.New("reported")
)

const usage = `byline answers questions about news articles, with citations.

Usage: byline [--data DIR] [--config FILE] COMMAND [flags] [args]

Commands:
  ask QUESTION             answer a question from the indexed articles
  search QUERY             show the best articles and passages (retrieval only)
  summarize ARTICLE        summarize one article (id, or title/path match)
  summarize --topic TEXT   summarize recent news about a topic [--days N]
  sources                  list the indexed articles
  index [PATH|URL ...]     index or re-index articles (default: seeds/ and configured sources)
  eval --corpus FILE --queries FILE   measure retrieval on a labelled question set
  gaps [--days N]          what Discord members asked that the articles did not cover
  config check             show the effective configuration and its problems
  feeds add URL            follow a feed, page, file or folder [--every 15m] [--full-text=true] [--include WORDS]
                           [--exclude WORDS] [--channel ID] [--max-age D] [--max-articles N]
  feeds list               the followed feeds: interval, last poll and status, next poll, articles
  feeds remove URL|ID      stop following a feed [--purge: remove its articles too]
  poll                     poll the feeds that are due once [--all: every feed now]
  watch                    poll the feeds until stopped (SIGINT/SIGTERM), with no Discord
  serve                    run the Discord bot and the feed poller (needs DISCORD_TOKEN)

Global flags (anywhere on the line):
  --data DIR      where the index lives (BYLINE_DATA; default ./data)
  --config FILE   YAML configuration (BYLINE_CONFIG; see config.example.yaml)
  --as-of DATE    "now" for every command, YYYY-MM-DD (default: the clock); articles
                  published after it never answer, and "this week" is the week before it
Every command that prints results takes --json.
`

// isGlobalFlag reports whether arg names a global flag.
func isGlobalFlag(arg string) bool {
	switch strings.TrimLeft(arg, "-") {
	case "data", "config", "as-of":
		return strings.HasPrefix(arg, "-")
	}
	return false
}

// run is the whole program: main only adds the process around it, so tests
// call run directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	return runEnviron(ctx, args, stdout, stderr, getenv, nil)
}

// runEnviron is run that can also list the environment (environ, nil for
// none), so that misspelt BYLINE_ variables are reported.
func runEnviron(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, environ func() []string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	// Global flags may also come before the command.
	var globals globalFlags
	for len(args) > 0 && isGlobalFlag(args[0]) {
		if len(args) < 2 {
			return fmt.Errorf("%w: %s needs a value", errUsage, args[0])
		}
		if err := globals.set(args[0], args[1]); err != nil {
			return fmt.Errorf("%w: %s: %v", errUsage, args[0], err)
		}
		args = args[2:]
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	env := &environment{ctx: ctx, stdout: stdout, stderr: stderr, getenv: getenv, globals: globals, listEnv: environ}
	switch cmd {
	case "ask":
		return cmdAsk(env, rest)
	case "search":
		return cmdSearch(env, rest)
	case "summarize", "summarise":
		return cmdSummarize(env, rest)
	case "sources":
		return cmdSources(env, rest)
	case "index":
		return cmdIndex(env, rest)
	case "eval":
		return cmdEval(env, rest)
	case "gaps":
		return cmdGaps(env, rest)
	case "config":
		return cmdConfig(env, rest)
	case "feeds":
		return cmdFeeds(env, rest)
	case "poll":
		return cmdPoll(env, rest)
	case "watch":
		return cmdWatch(env, rest)
	case "serve":
		return cmdServe(env, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
}
