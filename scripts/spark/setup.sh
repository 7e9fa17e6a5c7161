#!/usr/bin/env bash
# Installs PySpark (pinned) into a virtualenv under target/spark-venv, for
# scripts/spark/moderate_job.py and scripts/spark/test.sh. Idempotent: a venv
# that already has the pinned version is left as it is. Needs python3 (with
# venv) and Java 17+ on the PATH; everything else comes from PyPI.
#
# Usage: scripts/spark/setup.sh        (prints the venv's python path last)
set -euo pipefail
cd "$(dirname "$0")/../.."

PYSPARK_VERSION=4.3.0
venv=target/spark-venv

if ! command -v java >/dev/null 2>&1; then
    echo "setup.sh: java not found; Spark $PYSPARK_VERSION needs Java 17 or newer" >&2
    exit 2
fi
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    echo "setup.sh: Java ${java_major:-?} found; Spark $PYSPARK_VERSION needs Java 17 or newer" >&2
    exit 2
fi

have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pyspark"))' 2>/dev/null || true)
if [ "$have" != "$PYSPARK_VERSION" ]; then
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pyspark==$PYSPARK_VERSION"
    have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pyspark"))')
    if [ "$have" != "$PYSPARK_VERSION" ]; then
        echo "setup.sh: expected pyspark $PYSPARK_VERSION, venv has $have" >&2
        exit 1
    fi
fi
echo "pyspark $have, java $java_major: $venv/bin/python" >&2
echo "$venv/bin/python"
