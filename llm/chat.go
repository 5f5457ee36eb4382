package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	openai "github.com/sashabaranov/go-openai"
)

// Message is one chat message. Role is "system", "user" or "assistant".
type Message struct {
	Role    string
	Content string
}

// Chat sends msgs to the chat model and returns the reply text with
// <think>...</think> blocks (also an unterminated leading one) and
// surrounding whitespace removed. An empty reply is an error of
// KindBadResponse.
//
// When onDelta is nil the reply is fetched in one request. Otherwise it is
// streamed and onDelta receives each new piece of visible text, in order, on
// the calling goroutine; think blocks never reach it. A stream is retried
// only while nothing has reached onDelta. If it breaks after that, Chat
// returns the text delivered so far together with the error, so a caller can
// keep or discard the partial answer it has already shown.
//
// Errors are *Error (or wrap ErrDisabled when no chat model is configured).
func (c *Client) Chat(ctx context.Context, msgs []Message, onDelta func(string)) (string, error) {
	if c.cfg.ChatModel == "" {
		return "", fmt.Errorf("chat: %w", ErrDisabled)
	}
	req, err := c.chatRequest(msgs)
	if err != nil {
		return "", err
	}
	if onDelta == nil {
		return c.chatOnce(ctx, req)
	}
	return c.chatStream(ctx, req, onDelta)
}

// chatRequest builds the request, working around go-openai's dropping of
// temperature 0 and its client-side checks for reasoning models.
func (c *Client) chatRequest(msgs []Message) (openai.ChatCompletionRequest, error) {
	req := openai.ChatCompletionRequest{Model: c.cfg.ChatModel}
	if len(msgs) == 0 {
		return req, c.newError(KindBadRequest, 0, "no messages to send", nil)
	}
	for i, m := range msgs {
		switch m.Role {
		case openai.ChatMessageRoleSystem, openai.ChatMessageRoleUser, openai.ChatMessageRoleAssistant:
		default:
			return req, c.newError(KindBadRequest, 0, fmt.Sprintf("message %d has unknown role %q", i, m.Role), nil)
		}
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if isReasoningModel(c.cfg.ChatModel) {
		req.MaxCompletionTokens = c.cfg.MaxTokens
		return req, nil
	}
	//lint:ignore SA1019 llama.cpp, Ollama and vLLM read max_tokens; only reasoning models need the new field
	req.MaxTokens = c.cfg.MaxTokens
	req.Temperature = c.cfg.Temperature
	if req.Temperature == 0 {
		req.Temperature = zeroTemperature
	}
	return req, nil
}

// chatOnce fetches a whole reply in one request per attempt.
func (c *Client) chatOnce(ctx context.Context, req openai.ChatCompletionRequest) (string, error) {
	var text string
	err := c.withRetry(ctx, "chat", false, func(ctx context.Context) (bool, error) {
		resp, err := c.oa.CreateChatCompletion(ctx, req)
		if err != nil {
			return false, err
		}
		if len(resp.Choices) == 0 {
			return false, c.newError(KindBadResponse, 0, "the model server sent a reply without choices", nil)
		}
		choice := resp.Choices[0]
		if err := c.checkFinish(string(choice.FinishReason)); err != nil {
			return false, err
		}
		text = stripThink(choice.Message.Content)
		if text == "" {
			return false, c.emptyAnswer()
		}
		return false, nil
	})
	if err != nil {
		return "", err
	}
	return text, nil
}

// chatStream streams a reply, passing visible text to onDelta.
func (c *Client) chatStream(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string)) (string, error) {
	var sb strings.Builder
	err := c.withRetry(ctx, "chat stream", true, func(ctx context.Context) (delivered bool, err error) {
		stream, err := c.oa.CreateChatCompletionStream(ctx, req)
		if err != nil {
			return false, err
		}
		defer stream.Close()

		var (
			f         thinkFilter
			finish    string
			sawChoice bool
		)
		emit := func(s string) {
			if s != "" {
				sb.WriteString(s)
				onDelta(s)
				delivered = true
			}
		}
		for {
			chunk, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return delivered, err
			}
			// A final usage-only chunk (and some servers' first chunk) has no choices.
			if len(chunk.Choices) == 0 {
				continue
			}
			if !sawChoice {
				if a, _ := ctx.Value(attemptKey{}).(*attempt); a != nil {
					a.token()
				}
			}
			sawChoice = true
			choice := chunk.Choices[0]
			emit(f.write(choice.Delta.Content))
			if choice.FinishReason != "" {
				finish = string(choice.FinishReason)
			}
		}
		emit(f.flush())
		if !sawChoice {
			return delivered, c.newError(KindBadResponse, 0, "the model server sent an empty stream", nil)
		}
		if finish == "" {
			// Go reports a dropped connection as io.ErrUnexpectedEOF, so a
			// clean end without finish_reason is a lax server, not a cut.
			c.logger.Warn("stream ended without finish_reason; the reply may be incomplete")
		}
		if err := c.checkFinish(finish); err != nil {
			return delivered, err
		}
		if sb.Len() == 0 {
			return false, c.emptyAnswer()
		}
		return delivered, nil
	})
	return strings.TrimRightFunc(sb.String(), unicode.IsSpace), err
}

// checkFinish reports a blocked reply and logs a truncated one.
func (c *Client) checkFinish(reason string) error {
	switch openai.FinishReason(reason) {
	case openai.FinishReasonContentFilter:
		return c.newError(KindBadResponse, 0, "the provider's content filter blocked the reply", nil)
	case openai.FinishReasonLength:
		c.logger.Warn("reply cut at the token limit", "max_tokens", c.cfg.MaxTokens)
	}
	return nil
}

func (c *Client) emptyAnswer() *Error {
	return c.newError(KindBadResponse, 0,
		"the model returned an empty answer (a reasoning model may have spent its token budget thinking)", nil)
}
