#!/usr/bin/env bash
# Everything `make test` does: formatting, the full build with warnings as errors and every test,
# then the core tests again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

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
    ctest --preset default -j "$jobs"
fi

echo "== core tests under ASan+UBSan" >&2
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j "$jobs"
