#!/usr/bin/env bash
# Runs the sample apps' load test with the project's virtualenv; arguments go to run.py
# (see `bench/load/run.sh --help`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=$("$root/scripts/venv")
exec "$venv/bin/python" "$root/bench/load/run.py" "$@"
