#!/usr/bin/env bash
# Installs the npm packages that tst_codesnippet runs the "Get code" JavaScript snippets with:
# @google/genai, pinned by tests/getcode/package-lock.json, into tests/getcode/node_modules.
# Quiet when they are already installed and up to date with the lock file.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/getcode" && pwd)"
lock="$dir/package-lock.json"
# npm ci writes this file last: its presence means a complete install.
marker="$dir/node_modules/.package-lock.json"

if [ -f "$marker" ] && [ ! "$lock" -nt "$marker" ]; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "install-getcode-deps: npm is not installed (Debian: apt-get install npm; Node.js 20 or newer)." >&2
    exit 1
fi

major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
if [ -z "$major" ] || [ "$major" -lt 20 ]; then
    echo "install-getcode-deps: @google/genai needs Node.js 20 or newer; found ${major:-none} (node --version)." >&2
    exit 1
fi

echo "install-getcode-deps: installing @google/genai into $dir/node_modules"
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "install-getcode-deps: npm ci failed in $dir (no network access to the npm registry?)." >&2
    exit 1
fi
