#!/bin/sh
# run.sh: record the fake Discord's REST traffic during the bot's Go tests
# and validate it against Discord's OpenAPI schemas. Run from anywhere:
#   .ci/discord-conformance/run.sh [go packages...]   (default ./bot/...)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dump=$(mktemp "${TMPDIR:-/tmp}/byline-discord.XXXXXX")
trap 'rm -f "$dump"' EXIT
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --silent)
if [ $# -eq 0 ]; then set -- ./bot/...; fi
(cd "$repo" && BYLINE_DISCORD_DUMP="$dump" go test -count=1 "$@")
node "$here/check.mjs" "$dump"
