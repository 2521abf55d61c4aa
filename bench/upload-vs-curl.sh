#!/usr/bin/env bash
# `alhena-cli files upload` of a large random file to the fake server on loopback, side by side with
# curl doing the same resumable upload by hand (gemini-api.md §7.1: the `start` request, then one
# `upload, finalize` POST with every byte), on the same server, interleaved, N runs each.
#   bench/upload-vs-curl.sh [MiB] [runs]     (after `make build`; ALHENA_BIN_DIR=DIR for other binaries)
# curl sends the file with --upload-file FILE -X POST (streamed from disk). Files under 1 GiB are also
# sent with --data-binary @FILE, which reads the whole file into memory first (curl refuses that for
# 1 GiB and more: "out of memory"). ALHENA_BENCH_LINK_RATE=BYTES_PER_S starts the server with
# --link-rate, to compare on a link slower than loopback.
# Prints wall time, throughput and peak RSS (/usr/bin/time -v) of each, the medians and the ratio of
# throughputs alhena-cli / curl. The random file is made once per invocation (ALHENA_BENCH_FILE
# names an existing file to use instead).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ALHENA_BIN_DIR:-build/bin}
mib=${1:-1024}
runs=${2:-3}
key=bench-key
tmp=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT

file=${ALHENA_BENCH_FILE:-}
if [ -z "$file" ]; then
    file="$tmp/upload.bin"
    # Random bytes, so nothing on the way can compress them.
    head -c "$((mib * 1024 * 1024))" /dev/urandom >"$file"
fi
bytes=$(stat -c %s "$file")

link=()
[ -n "${ALHENA_BENCH_LINK_RATE:-}" ] && link=(--link-rate "$ALHENA_BENCH_LINK_RATE")
"$bin/alhena-fake-server" --port 0 --key "$key" --quiet "${link[@]}" >"$tmp/server.out" &
server=$!
for _ in $(seq 100); do grep -q listening "$tmp/server.out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$tmp/server.out" | head -1)
[ -n "$base" ] || { echo "fake server did not start" >&2; exit 1; }

# The resumable `start` request; prints the session's upload URL.
start_session() {
    curl -sS -D - -o /dev/null -X POST "$base/upload/v1beta/files" \
        -H "x-goog-api-key: $key" \
        -H 'X-Goog-Upload-Protocol: resumable' \
        -H 'X-Goog-Upload-Command: start' \
        -H "X-Goog-Upload-Header-Content-Length: $bytes" \
        -H 'X-Goog-Upload-Header-Content-Type: application/pdf' \
        -H 'Content-Type: application/json' \
        -d '{"file": {"display_name": "bench"}}' \
        | tr -d '\r' | awk 'tolower($1) == "x-goog-upload-url:" {print $2}'
}

# measure LABEL COMMAND...: one line "LABEL seconds peak-KiB exit-status" (stdout of COMMAND discarded).
measure() {
    local label=$1
    shift
    local status=0
    /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
    local secs kib
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp/time")
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
    echo "$label $secs $kib $status"
    if [ "$status" != 0 ]; then
        echo "$label failed (exit $status):" >&2
        cat "$tmp/err" "$tmp/out" >&2
    fi
}

curl_buffered() {
    local url
    url=$(start_session)
    measure curl-data-binary curl -sS -f -o /dev/null -X POST "$url" \
        -H 'X-Goog-Upload-Command: upload, finalize' -H 'X-Goog-Upload-Offset: 0' \
        -H 'Content-Type: application/octet-stream' --data-binary "@$file"
}

curl_streamed() {
    local url
    url=$(start_session)
    measure curl-upload-file curl -sS -f -o /dev/null -X POST "$url" \
        -H 'X-Goog-Upload-Command: upload, finalize' -H 'X-Goog-Upload-Offset: 0' \
        -H 'Content-Type: application/octet-stream' -H 'Expect:' --upload-file "$file"
}

alhena() {
    # --mime: the random bytes have no type of their own. alhena-cli would reuse an earlier upload of
    # the same content (its own or curl's), so every file on the server is deleted first.
    GEMINI_API_KEY=$key "$bin/alhena-cli" --api-base "$base" files list --json \
        | python3 -c 'import json,sys; print("\n".join(f["name"] for f in json.load(sys.stdin)["files"]))' \
        | xargs -r env GEMINI_API_KEY=$key "$bin/alhena-cli" --api-base "$base" files delete >/dev/null
    GEMINI_API_KEY=$key measure alhena-cli "$bin/alhena-cli" --api-base "$base" --quiet files upload \
        --mime application/pdf "$file"
}

tools=(curl_streamed alhena)
[ "$bytes" -lt $((1024 * 1024 * 1024)) ] && tools+=(curl_buffered)
echo "upload: $bytes bytes of random data to alhena-fake-server on loopback${link[*]:+ (${link[*]})}, $runs runs each, interleaved"
printf '%-18s %8s %10s %10s\n' tool seconds "MB/s" "peak MiB"
for i in $(seq "$runs"); do
    for tool in "${tools[@]}"; do
        $tool | tee -a "$tmp/rows" | awk -v b="$bytes" '{printf "%-18s %8.2f %10.1f %10.1f%s\n", $1, $2, b / 1e6 / $2, $3 / 1024, ($4 == 0 ? "" : "  FAILED")}'
    done
done
python3 - "$tmp/rows" "$bytes" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.split()[3] == "0"]
size = int(sys.argv[2])
def med(tool, col):
    values = [float(r[col]) for r in rows if r[0] == tool]
    return statistics.median(values) if values else float("nan")
tools = [t for t in ("curl-upload-file", "curl-data-binary", "alhena-cli") if any(r[0] == t for r in rows)]
a = med("alhena-cli", 1)
for curl in tools[:-1]:
    c = med(curl, 1)
    print(f"median throughput: {curl} {size / 1e6 / c:.1f} MB/s, alhena-cli {size / 1e6 / a:.1f} MB/s, "
          f"ratio alhena-cli/{curl} {c / a:.2f}")
for tool in tools:
    print(f"median peak RSS: {tool} {med(tool, 2) / 1024:.1f} MiB")
PY
