#!/usr/bin/env bash
# Makes sure `redis-server` (Debian package, Redis 7) is on PATH, for
# `redline consume` and its tests (tests/consume.rs). Idempotent: does
# nothing when it is already installed. Needs root (or sudo) to install.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "redis-server.sh: redis-server is missing and apt-get is not available;" \
        "install Redis 7 (redis-server) by hand" >&2
    exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo -n)
    else
        echo "redis-server.sh: need root (or sudo) to apt-get install redis-server" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq redis-server >/dev/null
command -v redis-server >/dev/null 2>&1 || {
    echo "redis-server.sh: installed redis-server but it is not on PATH" >&2
    exit 1
}
redis-server --version
