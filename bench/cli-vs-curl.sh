#!/usr/bin/env bash
# alhena-cli consuming a large stream of realistic events from the fake server, side by side with
# curl -sN on the same stream from the same server, in one run, alternating, N times.
#   bench/cli-vs-curl.sh [MiB] [runs]        (run from the repository root after `make build`)
# Prints wall time and peak RSS (/usr/bin/time) of each, the medians, and the ratio cli/curl.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
mib=${1:-20}
runs=${2:-5}
bytes=$((mib * 1024 * 1024))
key=bench-key
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT

"$bin/alhena-fake-server" --port 0 --key "$key" --event-delay-ms 0 --quiet >"$tmp/server.out" &
server=$!
for _ in $(seq 100); do grep -q listening "$tmp/server.out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$tmp/server.out" | head -1)
[ -n "$base" ] || { echo "fake server did not start" >&2; exit 1; }

prompt="@fake reply-bytes=$bytes
Write a long answer."
body=$(python3 -c 'import json,sys; print(json.dumps({"contents":[{"role":"user","parts":[{"text":sys.argv[1]}]}]}))' "$prompt")
url="$base/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"

measure() { # label command...
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/out"
    read -r secs kib <"$tmp/time"
    echo "$1 $secs $kib $(stat -c %s "$tmp/out")"
}

echo "stream: ~$mib MiB of answer text as SSE events, $runs runs each, alternating"
printf '%-10s %8s %10s %12s\n' tool seconds "peak MiB" "stdout bytes"
for i in $(seq "$runs"); do
    measure curl -sN -o /dev/stdout -H "x-goog-api-key: $key" -H 'Content-Type: application/json' -d "$body" "$url" \
        | awk '{printf "%-10s %8.2f %10.1f %12d\n", $1, $2, $3/1024, $4}' | tee -a "$tmp/rows"
    GEMINI_API_KEY=$key measure "$bin/alhena-cli" --api-base "$base" generate "$prompt" \
        | awk '{sub(".*/","",$1); printf "%-10s %8.2f %10.1f %12d\n", $1, $2, $3/1024, $4}' | tee -a "$tmp/rows"
done
python3 - "$tmp/rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(tool, col): return statistics.median(float(r[col]) for r in rows if r[0] == tool)
c, a = med("curl", 1), med("alhena-cli", 1)
print(f"median seconds: curl {c:.2f}, alhena-cli {a:.2f}, ratio {a / c:.2f}x")
print(f"median peak RSS: curl {med('curl', 2):.1f} MiB, alhena-cli {med('alhena-cli', 2):.1f} MiB")
PY
