# Sourced by the take-*-screenshot.sh scripts: the fake server, a private Xvfb display and the app on
# it, as a user would start them. Sets $server, $xvfb, $app (pids) and $win (the main window).
# Needs $bin (where alhena and alhena-fake-server are) and $work (a scratch folder).

# start_session [fake server options...]
# With no_key=1 the app starts without an API key (the onboarding).
start_session() {
    export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" # the user's own settings are not touched
    local port=$((20000 + RANDOM % 20000))
    "$bin/alhena-fake-server" --port "$port" --quiet "$@" &
    server=$!

    local display=""
    for n in $(seq 150 199); do [ -e /tmp/.X11-unix/X$n ] || { display=$n; break; }; done
    Xvfb ":$display" -screen 0 1400x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    export DISPLAY=":$display" QT_QPA_PLATFORM=xcb
    for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

    if [ "${no_key:-0}" = 1 ]; then
        env -u GEMINI_API_KEY -u GOOGLE_API_KEY "$bin/alhena" --api-base "http://127.0.0.1:$port" &
    else
        GEMINI_API_KEY=test-key "$bin/alhena" --api-base "http://127.0.0.1:$port" &
    fi
    app=$!
    win=""
    for _ in $(seq 100); do
        win=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -1) && [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || { echo "screenshot: no window appeared" >&2; exit 1; }
}

# wait_window TITLE: prints the id of the visible window with this title, or fails.
wait_window() {
    local id=""
    for _ in $(seq 50); do
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) && [ -n "$id" ] && break
        sleep 0.1
    done
    [ -n "$id" ] || { echo "screenshot: the window \"$1\" did not open" >&2; exit 1; }
    echo "$id"
}

stop_session() {
    kill "${app:-}" "${server:-}" "${xvfb:-}" 2>/dev/null || true
    # Until Xvfb is gone and its display free: a script started right after must not find it dying.
    wait "${app:-}" "${server:-}" "${xvfb:-}" 2>/dev/null || true
    rm -rf "$work"
}
