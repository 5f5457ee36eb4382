package feeds

import (
	"context"
)

// Poller follows the sources. It is safe for concurrent use: the Discord
// side calls List, Add, Remove, Outbox and Ack while Run polls.
type Poller struct {
	cfg  Config
	deps Deps
}

// New opens the poller's state in cfg.DataDir (creating it when missing) and
// merges cfg.Sources into the persisted sources. It does no network I/O.
func New(cfg Config, deps Deps) (*Poller, error) {
	return nil, errNotImplemented
}

// Add follows src.URL with src's settings (Every 0 means the default) and
// returns the source as stored. Adding a URL already followed updates its
// settings and re-enables it when it was disabled (a fixed source resumes).
// The first poll of a new source indexes its items silently: nothing is
// queued for its channel.
func (p *Poller) Add(ctx context.Context, src Source) (Source, error) {
	return Source{}, errNotImplemented
}

// List returns every source with its polling status, in the order added
// (configured sources first).
func (p *Poller) List() []Status {
	return nil
}

// Remove stops following the source with this URL or id. Its articles stay
// indexed unless purge is set. Sources of the configuration cannot be
// removed (ErrConfigured).
func (p *Poller) Remove(ctx context.Context, urlOrID string, purge bool) error {
	return errNotImplemented
}

// Poll polls every due source once (every enabled source when all is set),
// with bounded concurrency, and returns what each did. Disabled sources are
// reported as StatusDisabled and not fetched. An error means the poll could
// not run at all (ctx done); a source's failure is in its Result.
func (p *Poller) Poll(ctx context.Context, all bool) (Report, error) {
	return Report{}, errNotImplemented
}

// Run polls due sources until ctx is done, sleeping until the next one is
// due (at most a minute at a time, so that sources added meanwhile are
// seen). It returns nil when ctx is cancelled.
func (p *Poller) Run(ctx context.Context) error {
	return errNotImplemented
}

// Outbox returns the stories waiting to be posted, oldest first (by
// publication date, then by when they were queued). They stay there until
// acknowledged, so a restart neither loses nor reposts them.
func (p *Poller) Outbox() []Story {
	return nil
}

// Ack removes posted stories from the outbox (unknown ids are ignored) and
// persists it before returning.
func (p *Poller) Ack(ids ...string) error {
	return errNotImplemented
}

// Disabled returns the sources disabled since their last acknowledgement:
// tell the admins once (the admin channel, else the log), then AckDisabled.
func (p *Poller) Disabled() []Status {
	return nil
}

// AckDisabled records that the admins were told of these sources (by id).
func (p *Poller) AckDisabled(ids ...string) error {
	return errNotImplemented
}

// Notify returns a channel that receives a value (without blocking the
// poller; several events may make one value) whenever stories are queued or
// a source is disabled: the Discord side waits on it instead of polling
// Outbox and Disabled.
func (p *Poller) Notify() <-chan struct{} {
	return nil
}
