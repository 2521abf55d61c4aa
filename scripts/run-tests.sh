#!/usr/bin/env bash
# Everything `make test` does: formatting, the full build with warnings as errors and every test,
# then the core tests again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# The "keychain" tests inside a private session bus with an unlocked gnome-keyring. The keyring
# lives in a temporary folder: never the user's login keyring (whose password is not "ci"), never
# their running daemon.
run_keychain_tests() {
    local tool
    for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
        if ! command -v "$tool" >/dev/null; then
            echo "$tool is missing (scripts/install-deps.sh installs it)" >&2
            return 1
        fi
    done
    local home
    home=$(mktemp -d)
    mkdir -m 700 "$home/data" "$home/run"
    local rc=0
    # shellcheck disable=SC2016 # the inner script expands its own variables
    # ALHENA_SCRATCH_KEYRING tells the tests that write the app's own entry that this keyring is a
    # throwaway one.
    ALHENA_SCRATCH_KEYRING=1 XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" dbus-run-session -- sh -c '
        # --unlock prints GNOME_KEYRING_CONTROL=... lines; the daemon forks and claims its bus name
        # a moment later, so wait for the name before any test asks for it (asking earlier would
        # D-Bus-activate a second, locked daemon).
        echo -n ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        i=0
        until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
            i=$((i + 1))
            if [ "$i" -ge 100 ]; then
                echo "gnome-keyring-daemon did not start its Secret Service within 10 s" >&2
                exit 1
            fi
            sleep 0.1
        done
        ctest --preset default -L keychain --output-on-failure
    ' || rc=$?
    rm -rf "$home"
    return "$rc"
}

asan_only=0
[ "${1:-}" = "--asan-only" ] && asan_only=1

export QT_QPA_PLATFORM=offscreen
export QT_MEDIA_BACKEND=gstreamer

# The "Get code" tests run the JavaScript snippet with the real @google/genai (npm).
bash scripts/install-getcode-deps.sh

if [ $asan_only -eq 0 ]; then
    echo "== formatting" >&2
    bash scripts/check-format.sh

    echo "== packaging metadata" >&2
    desktop-file-validate packaging/linux/io.github.alhena.Alhena.desktop
    appstreamcli validate --no-net --pedantic packaging/linux/io.github.alhena.Alhena.metainfo.xml >/dev/null \
        || appstreamcli validate --no-net packaging/linux/io.github.alhena.Alhena.metainfo.xml

    echo "== build (warnings are errors)" >&2
    cmake --preset default >/dev/null
    cmake --build --preset default -j "$jobs"

    echo "== tests" >&2
    # The keychain tests need a Secret Service: they run on their own below.
    ctest --preset default -j "$jobs" -LE keychain

    echo "== keychain tests (a real Secret Service: dbus-run-session + gnome-keyring)" >&2
    run_keychain_tests
fi

echo "== core tests under ASan+UBSan" >&2
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j "$jobs"
