#!/usr/bin/env python3
"""Judge a large JSONL data set on Apache Spark with the unchanged redline CLI.

Each partition of the input is piped through one `redline moderate` process
(rayon inside it), as `RDD.pipe` does, and the decisions are written
back as JSONL text files. The redline binary and the rules are shipped with the
job (`SparkContext.addFile` / `addArchive`), so executors on other machines
need nothing installed but a compatible OS. A verdict summary per jurisdiction
is printed as JSON and written to OUTPUT/summary.json.

    moderate_job.py INPUT OUTPUT [--redline BIN] [--rules PATH]...
                    [--jurisdiction CODE]... [--partitions N] [--threads N]
                    [--on-error held|flagged|allowed] [--global-lines]
                    [--master URL]
    moderate_job.py INPUT OUTPUT --diff OLD NEW [...same options...]

Moderate mode writes OUTPUT/decisions/part-NNNNN (one decision per non-blank
input line; part N holds partition N, in input order) and OUTPUT/summary.json:

    {"posts":20000,"partitions":4,
     "verdicts":{"allowed":19878,"flagged":19,"held":103},
     "jurisdictions":{"CN":{"allowed":17053,"held":102},...},
     "errors":{}, "seconds":{"startup":..,"job":..,"total":..}, ...}

(`posts`, `verdicts`, `jurisdictions` and `errors` count exactly what
`redline moderate --stats` counts for the same input.)

Diff mode ("backtesting a rules change at scale") pipes each partition through
`redline diff --old OLD --new NEW`, writes the change records to
OUTPUT/changes/part-NNNNN and adds up the per-partition summaries into
OUTPUT/summary.json, in the shape of `redline diff`'s own summary line.

A decision's `line` is the line number within its partition's input, since
each partition is a separate redline process; `--global-lines` adds each
partition's offset (one extra pass over the input that counts lines), so that
`line` is the line number in the whole input and the concatenated part files
are byte-identical to what the plain CLI writes for a single input file. The
post's own `id` is copied to its decision either way.

Run it with the venv from scripts/spark/setup.sh:
    target/spark-venv/bin/python scripts/spark/moderate_job.py in.jsonl out/
or with spark-submit against a cluster (then give --master or let
spark-submit set it).
"""

import argparse
import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


# ---------------------------------------------------------------------------
# Executor side: one redline process per partition
# ---------------------------------------------------------------------------

class Shipped:
    """An argument that names a file shipped with the job: `local` on the
    driver, resolved with SparkFiles.get on the executor that runs the task
    (the directory differs per executor)."""

    def __init__(self, name, local, archive=False):
        self.name = name
        self.local = local  # the file (or directory) on the driver
        self.archive = archive  # shipped as a zip that Spark unpacks

    def resolve(self):
        from pyspark import SparkFiles

        return SparkFiles.get(self.name)


def pipe_partition(argv, lines, index, stderr_limit=16384):
    """Pipe `lines` (bytes or str, one input line each, without its "\n")
    through the command `argv` and yield its stdout lines, like
    `RDD.pipe(..., checkCode=True)`, with the command's stderr tail in the
    error when it fails.

    PySpark's own `RDD.pipe` takes one command string, built on the driver,
    and runs it with an empty environment; the binary and rules shipped with
    `addFile` live in a directory that differs per executor, so the command
    has to be put together on the executor, here."""
    argv = [a.resolve() if isinstance(a, Shipped) else a for a in argv]
    binary = argv[0]
    if not os.access(binary, os.X_OK):
        try:
            os.chmod(binary, 0o755)
        except OSError:
            pass
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    failures = []
    stderr_tail = bytearray()

    def feed():
        try:
            out = proc.stdin
            for line in lines:
                out.write(line if isinstance(line, (bytes, bytearray)) else line.encode("utf-8"))
                out.write(b"\n")
            out.close()
        except BrokenPipeError as e:
            failures.append(("stdin closed early", e))
        except BaseException as e:  # an input error: report it from the task
            failures.append(("reading the partition", e))
            try:
                proc.stdin.close()
            except OSError:
                pass

    def drain():
        for chunk in iter(lambda: proc.stderr.read(4096), b""):
            stderr_tail.extend(chunk)
            if len(stderr_tail) > stderr_limit:
                del stderr_tail[:len(stderr_tail) - stderr_limit]

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    writer.start()
    reader.start()
    finished = False
    try:
        for raw in iter(proc.stdout.readline, b""):
            yield raw.rstrip(b"\n").decode("utf-8")
        rc = proc.wait()
        writer.join()
        reader.join()
        finished = True
        if rc != 0 or failures:
            what = "; ".join(f"{w}: {e!r}" for w, e in failures)
            raise RuntimeError(
                f"partition {index}: {' '.join(argv)} exited with status {rc}"
                + (f" ({what})" if what else "")
                + "\nstderr:\n" + stderr_tail.decode("utf-8", "replace"))
    finally:
        if not finished:  # the consumer stopped early or failed: end the process
            proc.kill()
            proc.wait()


LINE_PREFIX = re.compile(r'^\{"line":(\d+)')


def shift_decision_line(text, offset):
    """Add `offset` to the `line` of a `redline moderate` decision; `line` is
    always its first key, so the rest of the record stays byte-identical."""
    m = LINE_PREFIX.match(text)
    if not m:
        raise ValueError(f"not a redline decision: {text[:200]!r}")
    return '{"line":%d%s' % (int(m.group(1)) + offset, text[m.end():])


def shift_diff_line(text, offset):
    """Add `offset` to the `line` of a `redline diff` change record."""
    record = json.loads(text)
    if record.get("type") != "change":
        return text
    record["line"] += offset
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def count_decisions(lines):
    """Verdict counts of one partition's decisions: overall, per jurisdiction
    and per error kind (the counts `redline moderate --stats` reports)."""
    c = Counter()
    for text in lines:
        if not text.strip():
            continue
        d = json.loads(text)
        c[("posts",)] += 1
        c[("verdict", d["verdict"])] += 1
        for j, v in (d.get("jurisdictions") or {}).items():
            c[("jurisdiction", j, v)] += 1
        if "error" in d:
            c[("error", d["error"]["kind"])] += 1
    return [c]


def counts_to_summary(c):
    out = {"posts": c.get(("posts",), 0), "verdicts": {}, "jurisdictions": {}, "errors": {}}
    for key, n in sorted(c.items()):
        if key[0] == "verdict":
            out["verdicts"][key[1]] = n
        elif key[0] == "jurisdiction":
            out["jurisdictions"].setdefault(key[1], {})[key[2]] = n
        elif key[0] == "error":
            out["errors"][key[1]] = n
    return out


def add_diff_summaries(summaries):
    """Add up `redline diff` summary records (counts by direction)."""
    total = {"by_direction": Counter(), "by_jurisdiction": {}, "changed": 0, "posts": 0,
             "jurisdiction_only": 0}
    for s in summaries:
        total["changed"] += s["changed"]
        total["jurisdiction_only"] += s.get("jurisdiction_only", 0)
        total["posts"] += s["posts"]
        total["by_direction"].update(s["by_direction"])
        for j, dirs in s["by_jurisdiction"].items():
            total["by_jurisdiction"].setdefault(j, Counter()).update(dirs)
    return {
        "by_direction": dict(sorted(total["by_direction"].items())),
        "by_jurisdiction": {j: dict(sorted(d.items()))
                            for j, d in sorted(total["by_jurisdiction"].items())},
        "changed": total["changed"],
        "jurisdiction_only": total["jurisdiction_only"],
        "posts": total["posts"],
        "type": "summary",
    }


# ---------------------------------------------------------------------------
# Driver side
# ---------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Judge JSONL posts on Spark with the redline CLI, one process per partition.")
    p.add_argument("input", help="JSONL input: a path, directory or glob Spark can read")
    p.add_argument("output", help="output directory (must not exist yet)")
    p.add_argument("--redline", default=os.path.join(REPO, "target", "release", "redline"),
                   help="the redline binary to ship (default: target/release/redline)")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="rules file or directory to ship (repeatable); default: the built-in rules")
    p.add_argument("--jurisdiction", action="append", default=[], metavar="CODE",
                   help="judge posts without a `jurisdictions` field under CODE (repeatable)")
    p.add_argument("--partitions", type=int, default=None,
                   help="number of input partitions (about; default: Spark's choice)")
    p.add_argument("--threads", type=int, default=None,
                   help="redline --threads per partition (default: spark.task.cpus, i.e. 1)")
    p.add_argument("--on-error", choices=["held", "flagged", "allowed"], default=None,
                   help="verdict for lines that cannot be judged (moderate mode)")
    p.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"),
                   help="backtest: run `redline diff --old OLD --new NEW` instead of moderate")
    p.add_argument("--global-lines", action="store_true",
                   help="make `line` the line number in the whole input, not in the partition")
    p.add_argument("--master", default=None,
                   help="Spark master (default: as spark-submit sets it, else local[*])")
    args = p.parse_args(argv)
    if args.diff and (args.rules or args.on_error):
        p.error("--diff takes its rules as OLD NEW; --rules and --on-error are for moderate mode")
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    if args.threads is not None and args.threads < 1:
        p.error("--threads must be at least 1")
    return args


def preflight(argv):
    """Run the exact redline command on the driver with no input, before any
    executor starts: bad rules, an unknown jurisdiction or a bad option fail
    here, with redline's own diagnostics and exit status."""
    local = [a.local if isinstance(a, Shipped) else a for a in argv]
    r = subprocess.run(local, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        print(f"moderate_job: {' '.join(local)} < /dev/null exited with status {r.returncode}",
              file=sys.stderr)
        sys.exit(r.returncode)


def rules_arg(path, tmpdir, shipped):
    """The Shipped argument for a rules file or directory. A directory is
    zipped (its contents at the archive's root) and shipped as an archive that
    Spark unpacks on every executor into SparkFiles.get(name)/. Names carry a
    digest of the contents, so OLD and NEW of a diff never collide."""
    path = os.path.abspath(path)
    if os.path.isfile(path):
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()[:12]
        name = f"redline-rules-{digest}-{os.path.basename(path)}"
        copy = os.path.join(tmpdir, name)
        if name not in shipped:
            shutil.copyfile(path, copy)
            shipped[name] = Shipped(name, copy)
        return shipped[name]
    if not os.path.isdir(path):
        sys.exit(f"moderate_job: no rules file or directory at {path}")
    files = []
    for root, dirs, names in os.walk(path, followlinks=True):
        dirs.sort()
        for n in sorted(names):
            full = os.path.join(root, n)
            files.append((os.path.relpath(full, path), full))
    h = hashlib.sha256()
    for rel, full in files:
        h.update(rel.encode() + b"\0" + open(full, "rb").read() + b"\0")
    name = f"redline-rules-{h.hexdigest()[:12]}.zip"
    if name not in shipped:
        with zipfile.ZipFile(os.path.join(tmpdir, name), "w", zipfile.ZIP_DEFLATED) as z:
            for rel, full in files:
                z.write(full, rel)
        shipped[name] = Shipped(name, path, archive=True)
    return shipped[name]


def ship(sc, tmpdir, items):
    """Add the binary and rules to the job; Spark copies them to every executor."""
    for item in items:
        if item.archive:
            sc.addArchive(os.path.join(tmpdir, item.name))
        else:
            sc.addFile(item.local)


def read_lines(spark, path, partitions=None):
    r"""The input's lines as raw bytes, one RDD element per line, split on
    "\n" only, as redline splits them.

    `sc.textFile` would do, but it decodes every line to a string and turns
    invalid UTF-8 into U+FFFD, so a line that redline rejects as
    `invalid_utf8` (held: fail closed) would be judged, and usually allowed;
    it also ends lines at a lone "\r". The SQL text source keeps each line's
    bytes (cast to binary), and its splits never cut a line: a line belongs
    to the split where it starts, and for one input file the partitions, in
    order, hold the lines in input order. (Spark packs splits largest first,
    so several files do not keep their order across partitions.)

    Returns the RDD and the number of input files."""
    df = spark.read.option("lineSep", "\n").text(path)
    files = df.inputFiles()
    if partitions:
        # Splits of ceil(size/N) bytes give N partitions for one file (Spark
        # sizes them min(maxPartitionBytes, (size + files * openCost) / minPartitionNum),
        # which an open cost of N bytes rounds up); several files are packed
        # into partitions of that size, so their count is about N.
        sc = spark.sparkContext
        jvm = sc._jvm
        conf = sc._jsc.hadoopConfiguration()
        total = 0
        for f in files:
            p = jvm.org.apache.hadoop.fs.Path(f)
            total += p.getFileSystem(conf).getFileStatus(p).getLen()
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(1, -(-total // partitions))))
        spark.conf.set("spark.sql.files.minPartitionNum", str(partitions))
        spark.conf.set("spark.sql.files.openCostInBytes", str(partitions))
    # Dataset[Array[Byte]] to a Python RDD of bytes: each line crosses to
    # Python as its bytes (df.rdd would pickle a Row per line, ~20x slower).
    from pyspark import RDD
    from pyspark.serializers import NoOpSerializer

    binary = df.select(df.value.cast("binary"))._jdf
    lines = getattr(binary, "as")(spark.sparkContext._jvm.org.apache.spark.sql.Encoders.BINARY())
    return RDD(lines.javaRDD(), spark.sparkContext, NoOpSerializer()), len(files)


def write_text(sc, path, text):
    """Write a small text file through Hadoop's FileSystem API, so that the
    output directory can be local, HDFS, S3, ... like saveAsTextFile's."""
    jvm = sc._jvm
    jpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = jpath.getFileSystem(sc._jsc.hadoopConfiguration())
    stream = fs.create(jpath, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    t0 = time.monotonic()
    binary = os.path.abspath(args.redline)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        sys.exit(f"moderate_job: no redline binary at {binary} (cargo build --release)")

    # The command each partition runs; shipped files are resolved per executor.
    tmpdir = tempfile.mkdtemp(prefix="redline-spark-")
    atexit.register(shutil.rmtree, tmpdir, True)
    shipped = {}
    # Ship a snapshot: Spark fetches added files lazily, and fails the task if
    # the file changed meanwhile (a rebuild during the job).
    snapshot = os.path.join(tmpdir, os.path.basename(binary))
    shutil.copy2(binary, snapshot)
    exe = Shipped(os.path.basename(binary), snapshot)

    def command(threads):
        cmd = [exe]
        if args.diff:
            cmd += ["diff", "--threads", str(threads),
                    "--old", rules_arg(args.diff[0], tmpdir, shipped),
                    "--new", rules_arg(args.diff[1], tmpdir, shipped)]
        else:
            cmd += ["moderate", "--threads", str(threads)]
            for path in args.rules:
                cmd += ["--rules", rules_arg(path, tmpdir, shipped)]
            if args.on_error:
                cmd += ["--on-error", args.on_error]
        for code in args.jurisdiction:
            cmd += ["--jurisdiction", code]
        return cmd
    preflight(command(args.threads or 1))
    out = args.output.rstrip("/")
    if "://" not in out and os.path.exists(out):
        sys.exit(f"moderate_job: {out} exists; give a new output directory")

    # Executors run the driver's Python unless told otherwise (same version needed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName("redline-" + ("diff" if args.diff else "moderate"))
               .config("spark.ui.showConsoleProgress", "false"))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    t_started = time.monotonic()

    # One redline thread per core a task gets, unless told otherwise.
    threads = args.threads or int(sc.getConf().get("spark.task.cpus", "1"))
    cmd = command(threads)
    ship(sc, tmpdir, [exe] + list(shipped.values()))

    jout = sc._jvm.org.apache.hadoop.fs.Path(out)
    if jout.getFileSystem(sc._jsc.hadoopConfiguration()).exists(jout):
        sys.exit(f"moderate_job: {out} exists; give a new output directory")

    posts, n_files = read_lines(spark, args.input, args.partitions)
    partitions = posts.getNumPartitions()
    if args.global_lines and n_files != 1:
        sys.exit(f"moderate_job: --global-lines needs one input file, {args.input} has "
                 f"{n_files}; map decisions back to posts by id")

    offsets = None
    if args.global_lines:
        sizes = posts.mapPartitions(lambda it: [sum(1 for _ in it)]).collect()
        offsets = [sum(sizes[:i]) for i in range(len(sizes))]

    def run(index, lines):
        out = pipe_partition(cmd, lines, index)
        if offsets is None or offsets[index] == 0:
            return out
        shift = shift_diff_line if args.diff else shift_decision_line
        return (shift(text, offsets[index]) for text in out)

    piped = posts.mapPartitionsWithIndex(run)

    if args.diff:
        from pyspark import StorageLevel

        piped.persist(StorageLevel.MEMORY_AND_DISK)
        piped.filter(lambda s: s.startswith('{') and '"type":"summary"' not in s) \
             .saveAsTextFile(out + "/changes")
        records = piped.filter(lambda s: '"type":"summary"' in s).map(json.loads).collect()
        records = [r for r in records if r.get("type") == "summary"]
        piped.unpersist()
        if len(records) != partitions:
            sys.exit(f"moderate_job: {len(records)} diff summaries for {partitions} partitions")
        summary = add_diff_summaries(records)
    else:
        piped.saveAsTextFile(out + "/decisions")
        # The summary counts what was written, read back from the output.
        counts = sc.textFile(out + "/decisions").mapPartitions(count_decisions) \
                   .fold(Counter(), lambda a, b: a + b)
        summary = counts_to_summary(counts)
    t_done = time.monotonic()

    job_s = t_done - t_started  # reading, piping, writing, summing: all but start-up
    summary["partitions"] = partitions
    summary["threads_per_partition"] = threads
    summary["seconds"] = {
        "startup": round(t_started - t0, 3),
        "job": round(job_s, 3),
        "total": round(t_done - t0, 3),
    }
    summary["posts_per_second"] = round(summary["posts"] / job_s, 1) if job_s > 0 else None
    text = json.dumps(summary, ensure_ascii=False, sort_keys=True)
    write_text(sc, out + "/summary.json", text + "\n")
    print(text)
    spark.stop()


if __name__ == "__main__":
    main()
