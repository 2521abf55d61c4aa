#!/usr/bin/env bash
# Takes docs/screenshots/chat.png: the desktop app under a private Xvfb display, talking to the fake
# server (which answers with docs/demo/answer.md), after a user sent an image with a question and
# attached an audio recording to the next message. Needs xvfb, xdotool, imagemagick (make deps).
#   bash scripts/take-chat-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots/chat.png}
bin=${ALHENA_BIN_DIR:-build/bin}
work=$(mktemp -d)
. scripts/screenshot-session.sh
trap stop_session EXIT

# A photo to send, and a 42-second recording to attach.
convert -size 640x400 gradient:'#0b1d3a'-'#3a6ea5' \
    -fill '#dfe8f5' -draw 'circle 120,90 123,93' -draw 'circle 300,60 302,62' -draw 'circle 520,120 522,122' \
    -fill '#1b1b24' -draw 'polygon 0,400 0,300 140,230 260,290 380,210 520,280 640,240 640,400' \
    "$work/night-sky.png"
python3 - "$work/interview.wav" <<'PY'
import math, struct, sys, wave
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
    w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i * 440 * 2 * math.pi / 16000))) for i in range(16000 * 42)))
PY

start_session --event-delay-ms 5 --reply-file docs/demo/answer.md
xdotool windowsize "$win" 1180 900
sleep 1
xdotool windowfocus --sync "$win"

attach() { # through the Attach Files dialog, as a user would (focus is handed around by hand:
           # there is no window manager here to do it)
    xdotool key ctrl+shift+a
    local dialog
    dialog=$(wait_window "Attach Files")
    xdotool windowfocus --sync "$dialog"
    sleep 0.5
    xdotool type --delay 5 -- "$1"
    xdotool key Return
    for _ in $(seq 50); do xdotool search --onlyvisible --name "Attach Files" >/dev/null 2>&1 || break; sleep 0.1; done
    xdotool windowfocus --sync "$win"
    sleep 1
}

attach "$work/night-sky.png"
xdotool type --delay 5 -- "What is in this picture? Put what you see in a table."
xdotool key Return
sleep 4
attach "$work/interview.wav"
xdotool type --delay 5 -- "Now transcribe this interview, with timestamps."
sleep 2
import -window "$win" "$out"
echo "take-chat-screenshot: wrote $out"
