package config

import (
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"slices"
	"strings"
)

// Warnings are settings that work but are probably not what was meant. They
// do not stop Byline; `byline config check` and `byline serve` show them.
func (c Config) Warnings() []string {
	var w []string
	if c.Model.ChatModel == "" && (c.Model.BaseURL != "" || c.OpenAIKey != "") {
		w = append(w, "a model server is set ("+c.modelServer()+") but model.chat_model is empty, so every answer is quoted "+
			"from the articles, not written by a model: set model.chat_model (or BYLINE_MODEL_CHAT_MODEL) to one of the server's chat models")
	}
	if addr := c.Discord.MetricsAddr; addr != "" && !loopback(addr) {
		w = append(w, fmt.Sprintf("discord.metrics_addr %q listens beyond this machine: anyone who can reach it reads /metrics and /healthz; "+
			"use 127.0.0.1:PORT unless a firewall or a proxy guards it", addr))
	}
	return w
}

// modelServer names where the model server setting came from.
func (c Config) modelServer() string {
	var from []string
	if c.Model.BaseURL != "" {
		from = append(from, "model.base_url or OPENAI_BASE_URL")
	}
	if c.OpenAIKey != "" {
		from = append(from, "OPENAI_API_KEY")
	}
	return strings.Join(from, ", ")
}

// loopback reports whether a host:port listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true // Validate reports it
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// otherEnv are BYLINE_ variables read outside the configuration: by the
// binary, and by tests and benchmarks (so that a developer's shell does not
// draw warnings). TestEveryGetenvIsKnown keeps the list whole.
var otherEnv = []string{
	"BYLINE_DATA",             // the data directory (also data_dir)
	"BYLINE_CONFIG",           // the configuration file
	"BYLINE_CPUPROFILE",       // a CPU profile of the run (cmd/byline)
	"BYLINE_DISCORD_DUMP",     // the fake Discord's traffic dump, in tests (bot/discordfake)
	"BYLINE_BENCH_CORPUS",     // retrieval and library benchmarks
	"BYLINE_BENCH_DATA",       // library benchmarks
	"BYLINE_EVAL",             // retrieval evaluation tests
	"BYLINE_EVAL_CACHE",       // retrieval evaluation tests
	"BYLINE_EVAL_VERBOSE",     // retrieval evaluation tests
	"BYLINE_REALTIMEQA",       // evaluation on RealTimeQA
	"BYLINE_STORE_CRASH_PATH", // library crash tests
	"BYLINE_SWEEP",            // answer tuning sweeps
}

// EnvNames are the BYLINE_ variables Byline reads.
func EnvNames() []string {
	names := slices.Clone(otherEnv)
	walk(reflect.ValueOf(&Config{}).Elem(), "BYLINE", func(name string, _ reflect.Value) { names = append(names, name) })
	return names
}

// UnknownEnv warns about each BYLINE_ variable in environ ("NAME=value"
// entries, as os.Environ gives them) that Byline does not read: a misspelt
// one would otherwise be ignored without a word. Values are never shown.
func UnknownEnv(environ []string) []string {
	known := EnvNames()
	var w []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "BYLINE_") || slices.Contains(known, name) {
			continue
		}
		msg := "environment variable " + name + " is not a Byline setting and is ignored"
		if near := closest(name, known); near != "" {
			msg += " (did you mean " + near + "?)"
		}
		w = append(w, msg)
	}
	slices.Sort(w)
	return w
}
