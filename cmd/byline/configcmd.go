package main

import (
	"fmt"

	"github.com/byline-bot/byline/config"
)

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
	cfg, err := config.Load(path, env.getenv)
	if err != nil {
		return err
	}
	if env.globals.data != "" {
		cfg.DataDir = env.globals.data
	}
	if path == "" {
		path = "(none: defaults and environment)"
	}
	fmt.Fprintf(env.stdout, "# configuration file: %s\n%s", path, cfg.Redacted())
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(env.stdout, "\nProblems:\n%v\n", err)
		return fmt.Errorf("the configuration has problems")
	}
	fmt.Fprintln(env.stdout, "\nNo problems found.")
	return nil
}
