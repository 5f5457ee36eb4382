// Package discordfake is an in-process fake of Discord (REST API v9 and the
// gateway websocket) for end-to-end tests that drive a REAL discordgo v0.29.0
// session. It listens on 127.0.0.1 through httptest, speaks the gateway
// handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, op 7
// reconnect with RESUME, op 9), dispatches MESSAGE_CREATE, INTERACTION_CREATE
// and THREAD_CREATE under Discord's intent rules, and answers the REST routes
// a bot like Byline uses with Discord's status codes and error bodies:
//
//   - a second interaction callback: 400, code 40060
//   - a callback after the 3 s deadline (Options.InteractionDeadline): 404, code 10062
//   - editing @original before any callback: 404, code 10008
//   - an empty message: 400, code 50006
//   - content over 2,000 characters or an embed over its limits: 400, code 50035
//   - any route it does not know: 404, recorded in UnknownRoutes (and, unless
//     Options.AllowUnknownRoutes, reported as a test error at cleanup)
//
// Everything the bot sends is recorded (Requests, Messages, Commands,
// InteractionResponse), so a test asserts what a Discord user would see,
// including whether a message would ping anyone (Message.Pings).
//
// # Wiring a session
//
//	fake := discordfake.New(t, discordfake.Options{})
//	s, _ := discordgo.New("Bot " + fake.Token())
//	fake.Configure(s) // s.Client talks to the fake; the gateway URL comes from GET /gateway
//	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
//	s.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) { ... })
//	if err := s.Open(); err != nil { t.Fatal(err) }
//	t.Cleanup(func() { s.Close() }) // registered after New, so it runs before the fake closes
//
//	fake.AddMember("42", "ada", discordgo.PermissionSendMessages)
//	_, token := fake.SendInteraction(discordfake.Interaction{
//		Command: "ask", UserID: "42",
//		Options: []discordfake.Option{{Name: "question", Value: "Who won?"}},
//	})
//	err := fake.WaitFor(5*time.Second, func() bool {
//		st := fake.InteractionResponse(token)
//		return st.Original != nil && st.Original.Edits > 0
//	})
//
// Instead of Configure, any client that rewrites discord.com to URL() works
// (the paths stay /api/v9/...). A bot that requests MESSAGE_CONTENT (or
// another privileged intent) needs Options.EnabledIntents, or IDENTIFY is
// closed with 4014 as on Discord. Guild objects added after READY (AddMember,
// AddChannel, ...) are dispatched as the matching gateway events.
//
// A user pressing a button under one of the bot's messages is ClickButton:
// an INTERACTION_CREATE of type 3 carrying the custom id and the message, as
// Discord sends it, refused (a test failure) unless the message shows that
// button. The bot may answer it with a reply, a deferred update (6, after
// which @original is the pressed message) or an update of the message (7).
// Components the bot sends get ids, as on Discord; Message.Buttons lists
// the enabled buttons a message shows.
//
// A file a user attaches to a slash command is an Option whose Value is a
// File: the interaction carries it in data.resolved.attachments, with a url
// under URL() (/ephemeral-attachments/..., signed as on Discord's CDN) where
// the fake serves its bytes. Downloads lists those requests; they are not
// REST calls, so Requests and the conformance dump leave them out.
//
// What to assert, as a user would see it: InteractionResponse(token) gives
// the callback, @original and follow-ups; Messages and BotMessages give a
// channel's messages; Message.Pings tells who a message would notify;
// Commands gives the registered commands; Errors, ErrorCodes and
// UnknownRoutes give everything the fake refused.
//
// discordgo's Session.Close sleeps one second, and so does its handling of
// op 7: keep the number of sessions and reconnects per test run small.
// Events are delivered asynchronously after Open returns; wait for their
// effects with WaitFor (bounded polling), never with a bare sleep.
//
// # Conformance dump
//
// When Options.DumpFile is set, or when it is empty and the environment
// variable BYLINE_DISCORD_DUMP names a file, every REST request and response
// is appended to that file as one JSON object per line (see DumpRecord). The
// Node script in .ci/discord-conformance validates those bodies against
// Discord's published OpenAPI schemas:
//
//	BYLINE_DISCORD_DUMP=/tmp/discord.jsonl go test -count=1 ./bot/...
//	(cd .ci/discord-conformance && npm ci) && node .ci/discord-conformance/check.mjs /tmp/discord.jsonl
//
// Reading the environment here is a deliberate exception to the project's
// "packages never read os.Getenv" rule: the fake is test code, and the dump
// must cover every test that uses it without each test opting in.
package discordfake
