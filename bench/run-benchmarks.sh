#!/usr/bin/env bash
# Every benchmark, in the order docs/performance.md lists them. Run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== StreamDecoder throughput"
build/bin/bench_streamdecoder 20 7
echo
echo "== alhena-cli vs curl on a 20 MiB stream"
bash bench/cli-vs-curl.sh 20 5
echo
echo "== alhena-cli files upload vs curl, 1 GiB"
bash bench/upload-vs-curl.sh 1024 3
echo
echo "== The chat view: a 200 KB answer in 4,000 chunks, and 10,000 messages"
QT_QPA_PLATFORM=offscreen build/bin/bench_chatview --runs 3
