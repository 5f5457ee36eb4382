package llm

import (
	"context"
	"time"
)

// SetSleep replaces the wait between attempts so tests can observe waits
// without sleeping.
func SetSleep(c *Client, f func(context.Context, time.Duration) error) { c.sleep = f }
