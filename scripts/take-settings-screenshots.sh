#!/usr/bin/env bash
# Takes docs/screenshots/onboarding.png, settings.png, settings-connection.png and dark.png: the
# first run of the desktop app under a private Xvfb display with a real Secret Service (a private
# session bus and an unlocked gnome-keyring), as a user meets it: no key, one pasted and tested,
# saved to the keychain, then the settings; and a conversation in the dark theme.
# Needs xvfb, xdotool, imagemagick, dbus, gnome-keyring (make deps).
#   bash scripts/take-settings-screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ALHENA_SHOT_BUS:-}" ]; then
    # Again inside a session bus of our own, with a keyring in a scratch folder.
    keyring_home=$(mktemp -d)
    mkdir -m 700 "$keyring_home/data" "$keyring_home/run"
    rc=0
    ALHENA_SHOT_BUS=1 XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
        dbus-run-session -- bash "$0" "$@" || rc=$?
    rm -rf "$keyring_home"
    exit "$rc"
fi
echo -n shots | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.1
done

out=${1:-docs/screenshots}
bin=${ALHENA_BIN_DIR:-build/bin}
work=$(mktemp -d)
. scripts/screenshot-session.sh
trap stop_session EXIT

no_key=1 start_session
xdotool windowsize "$win" 1000 700
sleep 1
xdotool windowfocus --sync "$win"
# The key field has the focus: paste (type) the key, then Test (Alt+T).
xdotool type --delay 5 -- "test-key"
xdotool key alt+t
sleep 2
import -window "$win" "$out/onboarding.png"
echo "take-settings-screenshots: wrote $out/onboarding.png"

# Save it (Enter in the key field): the chat opens, and the key is in the keychain.
xdotool key Return
sleep 2
xdotool key ctrl+comma
dialog=$(wait_window "Settings")
xdotool windowsize "$dialog" 760 560
sleep 1
import -window "$dialog" "$out/settings.png"
echo "take-settings-screenshots: wrote $out/settings.png"
# The Connection page: a click on its name in the list of pages.
xdotool mousemove --window "$dialog" 48 59 click 1
sleep 1
import -window "$dialog" "$out/settings-connection.png"
echo "take-settings-screenshots: wrote $out/settings-connection.png"

# The dark theme (Settings → Appearance), on a conversation: a second session with that preference.
stop_session
work=$(mktemp -d)
mkdir -p "$work/config/Alhena"
printf '[appearance]\ntheme=dark\n' > "$work/config/Alhena/Alhena.conf"
start_session --event-delay-ms 5 --reply-file docs/demo/answer.md
xdotool windowsize "$win" 1180 800
sleep 1
xdotool windowfocus --sync "$win"
xdotool type --delay 5 -- "Show me a table"
xdotool key Return
sleep 4
import -window "$win" "$out/dark.png"
echo "take-settings-screenshots: wrote $out/dark.png"
