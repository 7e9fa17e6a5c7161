#!/usr/bin/env bash
# Soak: stream generated posts (a few of them hostile) through
# `redline moderate` without touching the disk, and check that every
# non-blank line in gives exactly one decision out, in input order, with
# peak RSS recorded.
#
# Usage: scripts/soak.sh [POSTS] [HOSTILE_FRACTION]   (defaults 5000000, 0.0005)
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-5000000}
hostile=${2:-0.0005}
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count_in='
import sys
n = 0
for line in sys.stdin.buffer:
    line = line.rstrip(b"\n")
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if line.strip(b" \t\n\r\x0c"):
        n += 1
print(n)
'
check_out='
import json, sys
n, last, errors = 0, 0, {}
for line in sys.stdin.buffer:
    rec = json.loads(line)
    cur = rec["line"]
    if cur <= last:
        sys.exit("order broken: line %d after %d" % (cur, last))
    last = cur
    n += 1
    if "error" in rec:
        errors[rec["error"]["kind"]] = errors.get(rec["error"]["kind"], 0) + 1
print(n)
print(json.dumps(errors, sort_keys=True), file=sys.stderr)
'

start=$(date +%s)
python3 scripts/gen-corpus.py --posts "$posts" --hostile "$hostile" \
    | tee >(python3 -c "$count_in" > "$work/in") \
    | /usr/bin/time -f '%M' -o "$work/rss" ./target/release/redline moderate \
    | python3 -c "$check_out" > "$work/out" 2> "$work/errors"
end=$(date +%s)
sleep 1 # let the counting process substitution finish
in=$(cat "$work/in")
out=$(cat "$work/out")
echo "posts generated: $posts (hostile fraction $hostile)"
echo "non-blank lines in: $in"
echo "decisions out:      $out (strictly increasing line numbers)"
echo "error records:      $(cat "$work/errors")"
echo "peak RSS:           $(cat "$work/rss") KiB"
echo "wall time:          $((end - start)) s (generator included)"
if [ "$in" != "$out" ]; then
    echo "FAIL: $in lines in, $out decisions out" >&2
    exit 1
fi
echo "PASS"
