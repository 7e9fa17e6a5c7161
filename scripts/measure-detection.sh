#!/usr/bin/env bash
# measure-detection.sh — measure what the release binary catches and what it
# wrongly flags, in English and Chinese, on public data fetched pinned.
# Prints a Markdown report (docs/DETECTION.md explains it).
#
# Usage: scripts/measure-detection.sh [> report.md]
# Needs what scripts/fetch-data.sh needs, cargo and python3 (standard
# library; PyYAML, if installed, adds the v2 cases line).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DATA=${REDLINE_DATA_DIR:-$ROOT/target/data}
scripts/fetch-data.sh naughty-words measure >&2
cargo build --release --quiet --bin redline >&2
exec python3 scripts/measure-detection.py \
  --bin target/release/redline --data "$DATA" --rules rules
