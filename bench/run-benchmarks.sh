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
