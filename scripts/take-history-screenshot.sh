#!/usr/bin/env bash
# Takes docs/screenshots/history-search.png: the desktop app under a private Xvfb display after a
# user imported docs/demo/history.json (File → Import Conversations…), opened one conversation and
# searched the history for "marmal". Needs xvfb, xdotool, imagemagick (make deps).
#   bash scripts/take-history-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots/history-search.png}
bin=${ALHENA_BIN_DIR:-build/bin}
work=$(mktemp -d)
. scripts/screenshot-session.sh
trap stop_session EXIT

start_session --event-delay-ms 5
xdotool windowsize "$win" 1280 820
sleep 1
xdotool windowfocus --sync "$win"

# Import, through the dialog, as a user would (focus is handed around by hand: no window manager).
xdotool key ctrl+shift+o
dialog=$(wait_window "Import Conversations")
xdotool windowfocus --sync "$dialog"
sleep 0.5
xdotool type --delay 5 -- "$PWD/docs/demo/history.json"
xdotool key Return
for _ in $(seq 50); do xdotool search --onlyvisible --name "Import Conversations" >/dev/null 2>&1 || break; sleep 0.1; done
xdotool windowfocus --sync "$win"
sleep 1

# Search while typing.
xdotool key ctrl+shift+f
sleep 0.3
xdotool type --delay 60 -- "marmal"
sleep 1
import -window "$win" "$out"
echo "take-history-screenshot: wrote $out"
