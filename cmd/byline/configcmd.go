package main

import (
	"fmt"
	"strings"

	"github.com/byline-bot/byline/config"
)

// cmdConfig is `byline config check`: the effective configuration, then
// every problem in one run (what the file, the environment and the
// validation found), then warnings (settings that work but are probably not
// what was meant, misspelt BYLINE_ variables).
func cmdConfig(env *environment, args []string) error {
	fs := env.flagSet("config")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "check" {
		return fmt.Errorf("%w: byline config check", errUsage)
	}
	path := env.globals.config
	if path == "" {
		path = env.getenv("BYLINE_CONFIG")
	}
	cfg, loadErr := config.Load(path, env.getenv)
	if env.globals.data != "" {
		cfg.DataDir = env.globals.data
	}
	if path == "" {
		path = "(none: defaults and environment)"
	}
	fmt.Fprintf(env.stdout, "# configuration file: %s\n%s", path, cfg.Redacted())
	cfg, note := env.settleChatModel(cfg)
	var problems []string
	if loadErr != nil {
		problems = append(problems, strings.Split(loadErr.Error(), "\n")...)
	}
	if err := cfg.Validate(); err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	}
	warnings := append(cfg.Warnings(), config.UnknownEnv(env.environ())...)
	if note != "" {
		warnings = append(warnings, note)
	}
	if len(warnings) > 0 {
		fmt.Fprintf(env.stdout, "\nWarnings:\n")
		for _, w := range warnings {
			fmt.Fprintf(env.stdout, "- %s\n", w)
		}
	}
	if len(problems) > 0 {
		fmt.Fprintf(env.stdout, "\nProblems (%d):\n", len(problems))
		for _, p := range problems {
			fmt.Fprintf(env.stdout, "- %s\n", p)
		}
		return fmt.Errorf("the configuration has problems")
	}
	fmt.Fprintln(env.stdout, "\nNo problems found.")
	return nil
}
