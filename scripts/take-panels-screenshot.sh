#!/usr/bin/env bash
# Takes docs/screenshots/run-settings.png and docs/screenshots/get-code.png: the desktop app under a
# private Xvfb display, talking to the fake server, after a user wrote a system instruction, set the
# temperature and the output limit in the run settings, asked a question, and started the next one;
# then the Get Code dialog for that next request. Needs xvfb, xdotool, imagemagick (make deps).
#   bash scripts/take-panels-screenshot.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
bin=${ALHENA_BIN_DIR:-build/bin}
work=$(mktemp -d)
. scripts/screenshot-session.sh
trap stop_session EXIT
start_session --event-delay-ms 5
xdotool windowsize "$win" 1280 900
sleep 1
xdotool windowfocus --sync "$win"
sleep 1

# The run settings, by keyboard: Ctrl+Shift+I goes to the system instructions, Alt+<letter> to a field.
xdotool key ctrl+shift+i
xdotool type --delay 5 -- "You are a patient physics tutor. Explain each step, then end with a one-line summary."
xdotool key alt+t ctrl+a
xdotool type --delay 5 -- "0.4"
xdotool key alt+o ctrl+a
xdotool type --delay 5 -- "2048"
xdotool key Tab

# Back in the composer (a click: there is no window manager to hand the focus around).
xdotool mousemove --window "$win" 300 850 click 1
sleep 0.3
xdotool type --delay 5 -- "Why does a spinning top not fall over?"
xdotool key Return
sleep 3
xdotool type --delay 5 -- "And what makes it wobble before it stops?"
sleep 2
import -window "$win" "$out/run-settings.png"
echo "take-panels-screenshot: wrote $out/run-settings.png"

xdotool key ctrl+shift+g
dialog=$(wait_window "Get Code")
sleep 1
import -window "$dialog" "$out/get-code.png"
echo "take-panels-screenshot: wrote $out/get-code.png"
