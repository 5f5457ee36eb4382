package bot

import (
	"net/http"
	"net/url"
	"strings"
)

// discordHost is the host of every REST URL discordgo builds.
const discordHost = "discord.com"

// rewriteTransport sends requests meant for discord.com to another base URL
// (a Discord-compatible server), keeping the path. discordgo computes its
// endpoints from discord.com once at init, so this is the way to redirect it
// without touching package globals.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != discordHost {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = strings.TrimSuffix(t.base.Path, "/") + r.URL.Path
	if r.URL.RawPath != "" {
		r.URL.RawPath = strings.TrimSuffix(t.base.Path, "/") + r.URL.RawPath
	}
	r.Host = t.base.Host
	return t.next.RoundTrip(r)
}

// httpClient returns c with its transport wrapped to reach apiURL instead of
// Discord; c is left unchanged. An empty apiURL returns c.
func httpClient(c *http.Client, apiURL string) (*http.Client, error) {
	if apiURL == "" {
		return c, nil
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, err
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp := *c
	cp.Transport = rewriteTransport{base: u, next: next}
	return &cp, nil
}
