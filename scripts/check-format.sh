#!/usr/bin/env bash
# Fails when a tracked C++ file differs from .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tracked and new files that exist (a file deleted in the working tree is not checked).
files=$( { git ls-files '*.cpp' '*.h'; git ls-files --others --exclude-standard '*.cpp' '*.h'; } | sort -u |
    while read -r f; do [ -f "$f" ] && echo "$f"; done)
[ -z "$files" ] && exit 0
if ! echo "$files" | xargs clang-format --dry-run -Werror 2>/tmp/alhena-format.log; then
    head -40 /tmp/alhena-format.log >&2
    echo "check-format: files differ from .clang-format; run 'make format'" >&2
    exit 1
fi
