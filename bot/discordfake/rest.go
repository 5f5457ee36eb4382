package discordfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// apiPrefix is the REST prefix discordgo v0.29.0 uses.
const apiPrefix = "/api/v9"

// apiError is an error answer in Discord's shape.
type apiError struct {
	status  int
	code    int
	message string
	errors  obj
}

func (e *apiError) body() obj {
	o := obj{"code": e.code, "message": e.message}
	if e.errors != nil {
		o["errors"] = e.errors
	}
	return o
}

func errUnknown(status, code int, what string) *apiError {
	return &apiError{status: status, code: code, message: what}
}

// Discord's error codes used by the fake.
var (
	errUnknownChannel     = errUnknown(404, 10003, "Unknown Channel")
	errUnknownGuild       = errUnknown(404, 10004, "Unknown Guild")
	errUnknownMember      = errUnknown(404, 10007, "Unknown Member")
	errUnknownMessage     = errUnknown(404, 10008, "Unknown Message")
	errUnknownUser        = errUnknown(404, 10013, "Unknown User")
	errUnknownWebhook     = errUnknown(404, 10015, "Unknown Webhook")
	errUnknownInteraction = errUnknown(404, 10062, "Unknown interaction")
	errAlreadyAcked       = errUnknown(400, 40060, "Interaction has already been acknowledged.")
	errEmptyMessage       = errUnknown(400, 50006, "Cannot send an empty message")
	errNotAuthor          = errUnknown(403, 50005, "Cannot edit a message authored by another user")
	errInvalidWebhookTok  = errUnknown(401, 50027, "Invalid Webhook Token")
	errInvalidJSON        = errUnknown(400, 50109, "The request body contains invalid JSON.")
	errThreadExists       = errUnknown(400, 160004, "A thread has already been created for this message")
)

// formErrors accumulates 50035 "Invalid Form Body" details keyed by dotted
// path (e.g. "embeds.0.title"), rendered nested as Discord does.
type formErrors struct{ root obj }

func (f *formErrors) add(path, code, message string) {
	if f.root == nil {
		f.root = obj{}
	}
	node := f.root
	if path != "" {
		for _, part := range strings.Split(path, ".") {
			next, ok := node[part].(obj)
			if !ok {
				next = obj{}
				node[part] = next
			}
			node = next
		}
	}
	list, _ := node["_errors"].([]obj)
	node["_errors"] = append(list, obj{"code": code, "message": message})
}

func (f *formErrors) err() *apiError {
	if f.root == nil {
		return nil
	}
	return &apiError{status: 400, code: 50035, message: "Invalid Form Body", errors: f.root}
}

// reqCtx is one parsed REST request.
type reqCtx struct {
	r      *http.Request
	params map[string]string
	query  url.Values
	body   []byte
	files  []Attachment
	now    time.Time
}

// handler answers a request while holding s.mu. It returns the status and a
// JSON-encodable body (nil for an empty body).
type handler func(s *Server, c *reqCtx) (int, any)

type route struct {
	method string
	tmpl   string
	segs   []string
	auth   bool
	h      handler
}

func mkRoute(method, tmpl string, auth bool, h handler) route {
	return route{method: method, tmpl: tmpl, segs: strings.Split(strings.Trim(tmpl, "/"), "/"), auth: auth, h: h}
}

// routes lists what the fake implements. Templates are spelled as in
// Discord's OpenAPI description so the conformance check can look them up.
// Literal segments are listed before parameters that would also match them.
var routes = []route{
	mkRoute("GET", "/gateway", false, (*Server).getGateway),
	mkRoute("GET", "/gateway/bot", true, (*Server).getGatewayBot),
	mkRoute("GET", "/users/@me", true, (*Server).getMe),
	mkRoute("GET", "/users/{user_id}", true, (*Server).getUser),
	mkRoute("GET", "/applications/{application_id}/commands", true, (*Server).listCommands),
	mkRoute("PUT", "/applications/{application_id}/commands", true, (*Server).overwriteCommands),
	mkRoute("GET", "/applications/{application_id}/guilds/{guild_id}/commands", true, (*Server).listCommands),
	mkRoute("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", true, (*Server).overwriteCommands),
	mkRoute("GET", "/guilds/{guild_id}", true, (*Server).getGuild),
	mkRoute("GET", "/guilds/{guild_id}/channels", true, (*Server).getGuildChannels),
	mkRoute("GET", "/guilds/{guild_id}/roles", true, (*Server).getGuildRoles),
	mkRoute("GET", "/guilds/{guild_id}/members/{user_id}", true, (*Server).getMember),
	mkRoute("GET", "/channels/{channel_id}", true, (*Server).getChannel),
	mkRoute("GET", "/channels/{channel_id}/messages", true, (*Server).listMessages),
	mkRoute("POST", "/channels/{channel_id}/messages", true, (*Server).createMessage),
	mkRoute("GET", "/channels/{channel_id}/messages/{message_id}", true, (*Server).getMessage),
	mkRoute("PATCH", "/channels/{channel_id}/messages/{message_id}", true, (*Server).editMessage),
	mkRoute("DELETE", "/channels/{channel_id}/messages/{message_id}", true, (*Server).deleteMessage),
	mkRoute("POST", "/channels/{channel_id}/messages/{message_id}/threads", true, (*Server).startThreadFromMessage),
	mkRoute("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", true, (*Server).addReaction),
	mkRoute("POST", "/channels/{channel_id}/threads", true, (*Server).startThread),
	mkRoute("POST", "/channels/{channel_id}/typing", true, (*Server).typingIndicator),
	mkRoute("POST", "/interactions/{interaction_id}/{interaction_token}/callback", false, (*Server).interactionCallback),
	mkRoute("POST", "/webhooks/{webhook_id}/{webhook_token}", false, (*Server).followupCreate),
	mkRoute("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, (*Server).webhookMessageGet),
	mkRoute("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, (*Server).webhookMessageEdit),
	mkRoute("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, (*Server).webhookMessageDelete),
	mkRoute("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, (*Server).webhookMessageGet),
	mkRoute("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, (*Server).webhookMessageEdit),
	mkRoute("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, (*Server).webhookMessageDelete),
}

func matchRoute(method, path string) (route, map[string]string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, rt := range routes {
		if rt.method != method || len(rt.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, s := range rt.segs {
			if strings.HasPrefix(s, "{") {
				v, err := url.PathUnescape(segs[i])
				if err != nil {
					v = segs[i]
				}
				params[strings.Trim(s, "{}")] = v
				continue
			}
			if s != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return rt, params, true
		}
	}
	return route{}, nil, false
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	path := r.URL.EscapedPath()
	rec := Recorded{Time: now, Method: r.Method, Path: strings.TrimPrefix(path, apiPrefix), Query: r.URL.RawQuery}
	c := &reqCtx{r: r, query: r.URL.Query(), now: now}

	status, body := s.answer(r, path, c, &rec)

	var out []byte
	if body != nil {
		var err error
		out, err = json.Marshal(body)
		if err != nil {
			status, out = 500, []byte(`{"code":0,"message":"discordfake: encode response"}`)
			s.logf("discordfake: encode response for %s %s: %v", r.Method, path, err)
		}
	}
	rec.Status = status
	rec.Response = out

	h := w.Header()
	bucket := rec.Route
	if bucket == "" {
		bucket = rec.Path
	}
	h.Set("X-RateLimit-Bucket", fmt.Sprintf("%08x", fnv32(r.Method+bucket)))
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "49")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(now.Add(time.Second).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", "1.000")
	if status == http.StatusTooManyRequests {
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Scope", "user")
		if m, ok := body.(obj); ok {
			ra := m["retry_after"].(float64)
			h.Set("Retry-After", strconv.Itoa(int(ra+0.999)))
			h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(ra, 'f', 3, 64))
		}
	}
	if out != nil {
		h.Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	if out != nil {
		_, _ = w.Write(out) // the client hanging up is not the fake's problem
	}

	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
	if s.dump != nil {
		if err := s.dump.write(rec); err != nil {
			s.logf("discordfake: %v", err)
		}
	}
}

// answer routes one request; rec receives the route and body.
func (s *Server) answer(r *http.Request, path string, c *reqCtx, rec *Recorded) (int, any) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return 400, obj{"code": 0, "message": "discordfake: read body: " + err.Error()}
	}
	c.body = raw
	if ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && ct == "multipart/form-data" {
		body, files, err := parseMultipart(raw, params["boundary"])
		if err != nil {
			return 400, obj{"code": 50035, "message": "Invalid Form Body"}
		}
		c.body = body
		c.files = files
		for _, f := range files {
			rec.Files = append(rec.Files, f.Filename)
		}
	}
	if len(bytes.TrimSpace(c.body)) > 0 {
		rec.Body = json.RawMessage(c.body)
	}

	if !strings.HasPrefix(path, apiPrefix+"/") {
		return 404, obj{"code": 0, "message": "404: Not Found"}
	}
	rt, params, ok := matchRoute(r.Method, strings.TrimPrefix(path, apiPrefix))
	if !ok {
		return 404, obj{"code": 0, "message": "404: Not Found"}
	}
	rec.Route = rt.tmpl
	c.params = params
	if rt.auth && r.Header.Get("Authorization") != "Bot "+s.opts.Token {
		return 401, obj{"code": 0, "message": "401: Unauthorized"}
	}
	if len(bytes.TrimSpace(c.body)) > 0 && !json.Valid(c.body) {
		e := errInvalidJSON
		return e.status, e.body()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if rl := s.takeRateLimitLocked(r.Method, rt.tmpl); rl != nil {
		return 429, obj{"message": "You are being rate limited.", "retry_after": rl.retryAfter.Seconds(), "global": false, "code": 0}
	}
	return rt.h(s, c)
}

func parseMultipart(raw []byte, boundary string) ([]byte, []Attachment, error) {
	mr := multipart.NewReader(bytes.NewReader(raw), boundary)
	var body []byte
	var files []Attachment
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return body, files, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read multipart: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("read part %s: %w", p.FormName(), err)
		}
		if p.FormName() == "payload_json" {
			body = data
			continue
		}
		if p.FileName() != "" {
			files = append(files, Attachment{Filename: p.FileName(), ContentType: p.Header.Get("Content-Type"), Size: len(data)})
		}
	}
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func fail(e *apiError) (int, any) { return e.status, e.body() }

// --- simple lookups ---

func (s *Server) getGateway(c *reqCtx) (int, any) {
	return 200, obj{"url": s.GatewayURL()}
}

func (s *Server) getGatewayBot(c *reqCtx) (int, any) {
	return 200, obj{"url": s.GatewayURL(), "shards": 1, "session_start_limit": obj{"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1}}
}

func (s *Server) getMe(c *reqCtx) (int, any) {
	return 200, userJSON(*s.users[s.opts.BotUserID])
}

func (s *Server) getUser(c *reqCtx) (int, any) {
	u := s.users[c.params["user_id"]]
	if u == nil {
		return fail(errUnknownUser)
	}
	return 200, userJSON(*u)
}

func (s *Server) guildOK(c *reqCtx) bool { return c.params["guild_id"] == s.opts.GuildID }

func (s *Server) getGuild(c *reqCtx) (int, any) {
	if !s.guildOK(c) {
		return fail(errUnknownGuild)
	}
	g := s.guildJSONLocked(false, 0)
	return 200, g
}

func (s *Server) getGuildChannels(c *reqCtx) (int, any) {
	if !s.guildOK(c) {
		return fail(errUnknownGuild)
	}
	out := []obj{}
	for _, id := range s.channelOrder {
		ch := s.channels[id]
		if !ch.IsThread() && ch.RecipientID == "" {
			out = append(out, s.channelJSONLocked(ch))
		}
	}
	return 200, out
}

func (s *Server) getGuildRoles(c *reqCtx) (int, any) {
	if !s.guildOK(c) {
		return fail(errUnknownGuild)
	}
	return 200, s.rolesJSONLocked()
}

func (s *Server) getMember(c *reqCtx) (int, any) {
	if !s.guildOK(c) {
		return fail(errUnknownGuild)
	}
	m := s.members[c.params["user_id"]]
	if m == nil {
		return fail(errUnknownMember)
	}
	return 200, memberJSON(m, true, false)
}

func (s *Server) getChannel(c *reqCtx) (int, any) {
	ch := s.channels[c.params["channel_id"]]
	if ch == nil {
		return fail(errUnknownChannel)
	}
	return 200, s.channelJSONLocked(ch)
}

func (s *Server) typingIndicator(c *reqCtx) (int, any) {
	id := c.params["channel_id"]
	if s.channels[id] == nil {
		return fail(errUnknownChannel)
	}
	s.typing[id]++
	return 204, nil
}
