"""Numbers written as text that no reader parses back to resume: a report of
a count, a pid file read only by people, and a progress file whose reader
treats an unreadable number as a miss and returns nothing."""
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


def main():
    for i in range(10):
        step(i)
    report(10)


if __name__ == "__main__":
    main()
