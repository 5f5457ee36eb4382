package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/llm"
)

// modelListTimeout bounds asking the model server which models it has.
const modelListTimeout = 5 * time.Second

// settleChatModel handles a model server set without model.chat_model
// (otherwise every answer would quietly be quoted, not written): when the
// server lists exactly one chat model, that one is used. It returns the
// configuration to use and a note saying what was done or what the server
// offers ("" when the setting is fine, or the server cannot be asked).
func (env *environment) settleChatModel(cfg config.Config) (config.Config, string) {
	if cfg.Model.ChatModel != "" || (cfg.Model.BaseURL == "" && cfg.OpenAIKey == "") {
		return cfg, ""
	}
	client, err := llm.New(llm.Config{Model: cfg.Model, APIKey: cfg.OpenAIKey}, env.httpClient, nil)
	if err != nil {
		return cfg, "" // Validate reports what is wrong with the settings
	}
	ctx, cancel := context.WithTimeout(env.ctx, modelListTimeout)
	defer cancel()
	ids, err := client.Models(ctx)
	if err != nil {
		return cfg, ""
	}
	chat := slices.DeleteFunc(ids, func(id string) bool { return strings.Contains(strings.ToLower(id), "embed") })
	switch len(chat) {
	case 0:
		return cfg, "the model server lists no chat model"
	case 1:
		cfg.Model.ChatModel = chat[0]
		return cfg, fmt.Sprintf("model.chat_model is empty: using %q, the only chat model the model server lists (set model.chat_model to choose)", chat[0])
	default:
		const shown = 10
		more := ""
		if len(chat) > shown {
			more = fmt.Sprintf(" and %d more", len(chat)-shown)
		}
		return cfg, "the model server's chat models: " + strings.Join(chat[:min(len(chat), shown)], ", ") + more
	}
}
