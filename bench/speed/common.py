"""Shared by the speed benchmarks: run a command, time it, take its peak RSS, and
abort on any exit status the tool does not document for a finished run."""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SQLFIX = os.path.join(ROOT, "target", "release", "sqlfix")
RUFF = os.path.join(ROOT, ".venv", "bin", "ruff")


def need_tools():
    for tool, how in ((SQLFIX, "cargo build --release"), (RUFF, "scripts/venv")):
        if not os.path.exists(tool):
            sys.exit(f"bench: {tool} is missing ({how})")


def measure(cmd, ok=(0, 1), cwd=None):
    """(wall seconds, peak RSS in MiB) of one run; output is drained and dropped.
    Exits when the status is not in `ok` (sqlfix and ruff: 0 clean, 1 findings),
    so a crash can never pass for a fast run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    # wait4 gives this child's own resource usage (getrusage(RUSAGE_CHILDREN)
    # would be the maximum over every child so far).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in ok:
        sys.exit(f"bench: {' '.join(cmd)} exited {code}:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def alternate(commands, runs):
    """Each command once to warm up, then `runs` rounds, the commands in turn.
    Returns per command: (median wall, min, max, median peak MiB)."""
    for cmd in commands.values():
        measure(cmd)
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(measure(cmd))
    out = {}
    for name, got in samples.items():
        walls = [w for w, _ in got]
        out[name] = (statistics.median(walls), min(walls), max(walls), statistics.median(r for _, r in got))
    return out


def ruff_default(path):
    # ruff's default rules (no --select), no cache, every finding drained.
    return [RUFF, "check", "--no-cache", "--exit-zero", "--quiet", path]


def count_files_and_lines(path):
    files = lines = 0
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(root, name), "rb") as f:
                    lines += f.read().count(b"\n")
    return files, lines
