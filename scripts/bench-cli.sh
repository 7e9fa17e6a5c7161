#!/usr/bin/env bash
# Whole-CLI throughput: a deterministic bilingual corpus through
# `redline moderate` (built-in rules, full normalization) beside the naive
# baseline (parse + lowercase + aho-corasick, same literal terms), run in
# this same script, plus peak RSS at two corpus sizes.
#
# Usage: scripts/bench-cli.sh [POSTS] [BIG_POSTS]   (defaults 200000, 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-200000}
big=${2:-1000000}
mkdir -p target/bench
corpus=target/bench/corpus-$posts.jsonl
[ -f "$corpus" ] || python3 scripts/gen-corpus.py --posts "$posts" -o "$corpus"
cargo build --release --quiet
cargo bench --bench naive_baseline --no-run --quiet 2>/dev/null
baseline=$(ls -t target/release/deps/naive_baseline-* | grep -v '\.d$' | head -1)
bytes=$(stat -c %s "$corpus")

run_cli() {
    local threads=$1 start end
    start=$(date +%s.%N)
    ./target/release/redline moderate --threads "$threads" "$corpus" > /dev/null
    end=$(date +%s.%N)
    python3 -c "import sys; s=$end-$start; print(f'redline --threads $threads: {s:.2f} s, {$posts/s:,.0f} posts/s, {$bytes/1e6/s:.1f} MB/s')"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "corpus: $posts posts, $bytes bytes ($corpus)"
for round in 1 2 3; do
    echo "round $round"
    echo "  naive baseline (1 thread): $("$baseline" "$corpus")"
    echo "  $(run_cli 1)"
    echo "  $(run_cli "$(nproc)")"
done

echo "peak RSS:"
small=target/bench/corpus-10000.jsonl
[ -f "$small" ] || python3 scripts/gen-corpus.py --posts 10000 -o "$small"
bigfile=target/bench/corpus-$big.jsonl
[ -f "$bigfile" ] || python3 scripts/gen-corpus.py --posts "$big" -o "$bigfile"
for f in "$small" "$bigfile"; do
    rss=$( { /usr/bin/time -f '%M' ./target/release/redline moderate "$f" > /dev/null; } 2>&1 | tail -1)
    echo "  $(wc -l < "$f") posts: ${rss} KiB"
done
