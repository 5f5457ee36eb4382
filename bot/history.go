package bot

import (
	"container/list"
	"sync"

	"github.com/byline-bot/byline/answer"
)

// maxTurnChars bounds the text kept per remembered question or answer.
const maxTurnChars = 2000

// conversations remembers, per thread the bot started (or DM channel), the
// recent questions and answers, so follow-ups carry context. It is bounded in
// both directions: at most maxTurns turns per conversation and at most
// maxConvs conversations, the least recently used being forgotten. A thread
// it does not remember in full (after a restart or an eviction) is recalled
// from Discord (see recall) and seeded.
type conversations struct {
	maxTurns, maxConvs int

	mu    sync.Mutex
	order *list.List               // of *conversation, most recent first
	byID  map[string]*list.Element // conversation id -> element of order
}

type conversation struct {
	id     string
	turns  []answer.Turn
	hinted bool // told how to ask a follow-up
	// complete: the turns are the whole recent conversation, because it
	// began here (start) or was recalled (seed).
	complete bool
}

func newConversations(maxTurns, maxConvs int) *conversations {
	return &conversations{maxTurns: maxTurns, maxConvs: maxConvs, order: list.New(), byID: map[string]*list.Element{}}
}

// start begins tracking a conversation (a thread the bot just started).
func (c *conversations) start(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.touchLocked(id).complete = true
}

// complete reports whether id's turns are known in full; if not, the caller
// recalls them and seeds them.
func (c *conversations) complete(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	return ok && el.Value.(*conversation).complete
}

// seed sets the turns of a conversation that was not complete (recalled
// from Discord, oldest first); a complete one is left as it is.
func (c *conversations) seed(id string, turns []answer.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if conv := c.touchLocked(id); !conv.complete {
		c.setLocked(conv, turns)
	}
}

// set replaces a conversation's turns with the whole of it, oldest first
// (the chain of replies an answer in a channel ends).
func (c *conversations) set(id string, turns []answer.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.touchLocked(id), turns)
}

func (c *conversations) setLocked(conv *conversation, turns []answer.Turn) {
	conv.complete = true
	conv.turns = nil
	for _, t := range turns[max(0, len(turns)-c.maxTurns):] {
		conv.turns = append(conv.turns, answer.Turn{Question: truncate(t.Question, maxTurnChars), Answer: truncate(t.Answer, maxTurnChars)})
	}
}

// touchLocked returns id's conversation, creating it and evicting the least
// recently used one if needed, and marks it most recently used.
func (c *conversations) touchLocked(id string) *conversation {
	if el, ok := c.byID[id]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*conversation)
	}
	conv := &conversation{id: id}
	c.byID[id] = c.order.PushFront(conv)
	for c.order.Len() > c.maxConvs {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*conversation).id)
	}
	return conv
}

// tracked reports whether id is a conversation the bot remembers.
func (c *conversations) tracked(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.byID[id]
	return ok
}

// history returns a copy of id's recent turns, oldest first.
func (c *conversations) history(id string) []answer.Turn {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return append([]answer.Turn(nil), el.Value.(*conversation).turns...)
}

// add records a turn, keeping only the last maxTurns.
func (c *conversations) add(id string, t answer.Turn) {
	if c.maxTurns == 0 {
		return
	}
	t.Question = truncate(t.Question, maxTurnChars)
	t.Answer = truncate(t.Answer, maxTurnChars)
	c.mu.Lock()
	defer c.mu.Unlock()
	conv := c.touchLocked(id)
	conv.turns = append(conv.turns, t)
	if over := len(conv.turns) - c.maxTurns; over > 0 {
		conv.turns = append([]answer.Turn(nil), conv.turns[over:]...)
	}
}

// hintOnce reports true the first time it is called for a tracked
// conversation, so a usage hint is posted at most once per thread.
func (c *conversations) hintOnce(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	conv := c.touchLocked(id)
	if conv.hinted {
		return false
	}
	conv.hinted = true
	return true
}
