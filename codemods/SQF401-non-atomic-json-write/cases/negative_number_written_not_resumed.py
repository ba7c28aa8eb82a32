"""Numbers written as text that no reader parses back to resume: a report of
a count, a pid file read only by people, and a progress file whose reader
treats an unreadable number as a miss and returns nothing. Nor numbers
written once per run and parsed back: a daemon's pid file checked at the
next start, and a counter a hook process bumps once per invocation (no loop
saves a position step by step)."""
import os
from pathlib import Path

REPORT = Path("out/count.txt")
PIDFILE = Path("/run/syncer.pid")
PROGRESS = Path("progress.txt")


def report(count):
    REPORT.write_text(str(count))


def write_pid(pid):
    PIDFILE.write_text(str(pid))


def peek_progress():
    try:
        return int(PROGRESS.read_text())
    except ValueError:
        return None


def step(done):
    PROGRESS.write_text(str(done))


DAEMON_PID = Path("/run/daemon.pid")
COUNTER = Path("prompts.count")


def already_running():
    try:
        pid = int(DAEMON_PID.read_text())
    except (OSError, ValueError):
        return False
    return os.path.exists(f"/proc/{pid}")


def daemonize():
    if already_running():
        raise SystemExit(1)
    DAEMON_PID.write_text(str(os.getpid()))


def prompt_count():
    return int(COUNTER.read_text())


def bump_prompt_count():
    count = prompt_count() + 1
    COUNTER.write_text(str(count))
    return count


def main():
    daemonize()
    bump_prompt_count()
    for i in range(10):
        step(i)
    report(10)


if __name__ == "__main__":
    main()
