#!/usr/bin/env bash
# Integration test of the Spark batch job (docs/SCALE-OUT.md), in local mode:
# a deterministic 20,000-post corpus judged by scripts/spark/moderate_job.py
# with 4 partitions on local[2], checked against the plain CLI on the same
# input:
#   1. moderate: one decision per non-blank input line, every id exactly once,
#      per-partition `line` numbers, and the per-jurisdiction verdict summary
#      equal to the one computed from `redline moderate` (and to its --stats);
#   2. moderate --global-lines over a hostile variant of the corpus (invalid
#      UTF-8, bad JSON, a line over 1 MiB, blank and CRLF lines, no final
#      newline): the part files, concatenated, byte-identical to
#      `redline moderate`'s output;
#   3. --diff OLD NEW (a copy of rules/ with US gambling flag -> hold): the
#      change records byte-identical to `redline diff`'s and the summed
#      summary equal to its summary line.
# Installs PySpark itself (scripts/spark/setup.sh); exits non-zero on any
# mismatch. Usage: scripts/spark/test.sh [POSTS]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-20000}
export SPARK_LOCAL_IP=127.0.0.1
unset PYSPARK_PYTHON PYSPARK_DRIVER_PYTHON SPARK_HOME

now() { date +%s.%N; }
t_all=$(now)

if [ ! -x target/release/redline ]; then
    cargo build --release --quiet
fi
py=$(scripts/spark/setup.sh)

dir=target/spark
mkdir -p "$dir"
# One snapshot of the binary for the CLI and Spark runs alike, so that a
# rebuild meanwhile cannot make them disagree.
bin=$dir/redline
cp target/release/redline "$bin"
python3 scripts/gen-corpus.py --posts "$posts" -o "$dir/in.jsonl"
python3 scripts/gen-corpus.py --posts "$posts" --hostile 0.05 --huge 1 -o "$dir/hostile.jsonl"
printf '\n   \n{"id":"crlf","text":"casino bonus"}\r\n\n{"id":"no-final-newline"}' >> "$dir/hostile.jsonl"

# The proposed rules: US holds gambling instead of flagging it.
rm -rf "$dir/rules-new"
cp -r rules "$dir/rules-new"
sed -i 's/^\(  gambling: \)flag$/\1hold/' "$dir/rules-new/jurisdictions/us.yaml"
if cmp -s rules/jurisdictions/us.yaml "$dir/rules-new/jurisdictions/us.yaml"; then
    echo "FAIL: sed did not change rules-new/jurisdictions/us.yaml (US gambling: flag)" >&2
    exit 1
fi

# The plain CLI on the same input, the reference.
t=$(now)
"$bin" moderate --stats "$dir/cli-stats.json" "$dir/in.jsonl" > "$dir/cli.jsonl"
cli_s=$(python3 -c "print($(now) - $t)")
"$bin" moderate "$dir/hostile.jsonl" > "$dir/cli-hostile.jsonl"
t=$(now)
"$bin" diff --old rules --new "$dir/rules-new" "$dir/in.jsonl" > "$dir/cli-diff.jsonl" 2>/dev/null
cli_diff_s=$(python3 -c "print($(now) - $t)")

job() {  # job NAME INPUT ARGS...: runs the Spark job, its summary in $dir/NAME.json
    local name=$1 input=$2 t
    shift 2
    rm -rf "${dir:?}/$name"
    t=$(now)
    "$py" scripts/spark/moderate_job.py "$input" "$dir/$name" \
        --redline "$bin" --master 'local[2]' --partitions 4 "$@" \
        > "$dir/$name.json" 2> "$dir/$name.log" || {
        echo "FAIL: Spark job $name exited $?; log: $dir/$name.log" >&2
        tail -30 "$dir/$name.log" >&2
        exit 1
    }
    python3 -c "print($(now) - $t)" > "$dir/$name.wall"
}

job moderate "$dir/in.jsonl" --rules rules
job moderate-global "$dir/hostile.jsonl" --global-lines
job diff "$dir/in.jsonl" --diff rules "$dir/rules-new" --global-lines

python3 - "$dir" "$posts" "$cli_s" "$cli_diff_s" <<'EOF'
import glob, json, os, sys
from collections import Counter

d, n_posts, cli_s, cli_diff_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
failures = []

def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)

def lines(path):  # JSONL lines: split on "\n" only (not on U+2028 and the like)
    text = open(path, encoding="utf-8", newline="").read()
    return text[:-1].split("\n") if text else []

def parts(name):
    return [lines(f) for f in sorted(glob.glob(os.path.join(d, name, "part-*")))]

def summarize(lines):
    c = {"posts": 0, "verdicts": Counter(), "jurisdictions": {}, "errors": Counter()}
    for text in lines:
        r = json.loads(text)
        c["posts"] += 1
        c["verdicts"][r["verdict"]] += 1
        for j, v in (r.get("jurisdictions") or {}).items():
            c["jurisdictions"].setdefault(j, Counter())[v] += 1
        if "error" in r:
            c["errors"][r["error"]["kind"]] += 1
    return json.loads(json.dumps(c, sort_keys=True))

inputs = open(os.path.join(d, "in.jsonl"), encoding="utf-8").read().split("\n")
if inputs and inputs[-1] == "":
    inputs.pop()
nonblank = [json.loads(s) for s in inputs if s.strip()]
cli = lines(os.path.join(d, "cli.jsonl"))
reference = summarize(cli)
stats = json.load(open(os.path.join(d, "cli-stats.json")))
check(len(cli) == len(nonblank), f"plain CLI wrote {len(cli)} decisions for {len(nonblank)} posts")
for key in ("posts", "verdicts", "jurisdictions", "errors"):
    check(reference[key] == stats[key], f"CLI decisions vs its --stats disagree on {key}")

# 1. moderate, per-partition line numbers
spark_parts = parts("moderate/decisions")
decisions = [json.loads(s) for p in spark_parts for s in p]
summary = json.load(open(os.path.join(d, "moderate.json")))
on_disk = json.load(open(os.path.join(d, "moderate", "summary.json")))
check(summary == on_disk, "printed summary != OUTPUT/summary.json")
check(summary["partitions"] == 4 and len(spark_parts) == 4,
      f"{summary['partitions']} partitions, {len(spark_parts)} part files, wanted 4")
check(len(decisions) == len(nonblank),
      f"{len(decisions)} decision lines for {len(nonblank)} non-blank input lines")
ids = Counter(json.dumps(r.get("id")) for r in decisions)
want = Counter(json.dumps(p.get("id")) for p in nonblank)
check(ids == want, "ids in the output differ from the input's: missing "
      f"{list((want - ids).elements())[:5]}, extra {list((ids - want).elements())[:5]}")
check(all(n == 1 for n in ids.values()), "some id appears more than once")
for key in ("posts", "verdicts", "jurisdictions", "errors"):
    check(summary[key] == reference[key],
          f"Spark summary {key} {summary[key]} != plain CLI {reference[key]}")
# `line` restarts at 1 in each partition; id p<k> sits on input line k.
start = 0
for i, p in enumerate(spark_parts):
    recs = [json.loads(s) for s in p]
    check(recs and recs[0]["line"] == 1, f"partition {i} does not start at line 1")
    check(all(r["id"] == f"p{start + r['line']}" for r in recs),
          f"partition {i}: line numbers are not relative to the partition")
    start += recs[-1]["line"] if recs else 0

# 2. --global-lines over hostile input: byte-identical to the plain CLI
global_lines = [s for p in parts("moderate-global/decisions") for s in p]
cli_hostile = lines(os.path.join(d, "cli-hostile.jsonl"))
hostile_errors = Counter(json.loads(s).get("error", {}).get("kind") for s in cli_hostile)
check(hostile_errors["invalid_utf8"] > 0 and hostile_errors["too_large"] > 0,
      f"the hostile corpus lacks invalid UTF-8 or a huge line: {hostile_errors}")
check(global_lines == cli_hostile, "moderate --global-lines output != plain CLI output "
      f"(first difference at decision {next((i for i, (a, b) in enumerate(zip(global_lines, cli_hostile)) if a != b), min(len(global_lines), len(cli_hostile)))})")

# 3. diff at scale
cli_diff = lines(os.path.join(d, "cli-diff.jsonl"))
cli_changes, cli_summary = cli_diff[:-1], json.loads(cli_diff[-1])
check(cli_summary.get("type") == "summary", "plain redline diff did not end with a summary")
check(cli_summary["changed"] > 0, "the rules change changed nothing: the diff test tests nothing")
spark_changes = [s for p in parts("diff/changes") for s in p]
diff_summary = json.load(open(os.path.join(d, "diff.json")))
check(spark_changes == cli_changes,
      f"Spark diff wrote {len(spark_changes)} change records, plain diff {len(cli_changes)}, or they differ")
for key in ("changed", "posts", "by_direction", "by_jurisdiction"):
    check(diff_summary[key] == cli_summary[key],
          f"Spark diff summary {key} {diff_summary[key]} != plain diff {cli_summary[key]}")

if failures:
    print(f"{len(failures)} failed", file=sys.stderr)
    sys.exit(1)

def wall(name):
    return float(open(os.path.join(d, name + ".wall")).read())

n = len(nonblank)
print(f"PASS: {n} posts, {summary['partitions']} partitions on local[2], "
      f"{len(decisions)} decisions, ids unique, summaries equal; hostile --global-lines "
      f"byte-identical ({len(cli_hostile)} decisions, {sum(n for k, n in hostile_errors.items() if k)} "
      f"errors); diff: {diff_summary['changed']} changed {diff_summary['by_jurisdiction']}, "
      "records byte-identical")
print(f"  plain CLI moderate:  {cli_s:6.2f} s  {n / cli_s:9,.0f} posts/s")
print(f"  plain CLI diff:      {cli_diff_s:6.2f} s  {n / cli_diff_s:9,.0f} posts/s")
for name in ("moderate", "moderate-global", "diff"):
    r = json.load(open(os.path.join(d, name + ".json")))
    s, m = r["seconds"], r["posts"]
    print(f"  Spark {name + ':':16s} {wall(name):6.2f} s wall ({m / wall(name):7,.0f} posts/s), "
          f"start-up {s['startup']:.2f} s, job {s['job']:.2f} s ({m / s['job']:7,.0f} posts/s)")
EOF
echo "  total: $(python3 -c "print(f'{$(now) - $t_all:.1f}')") s"
