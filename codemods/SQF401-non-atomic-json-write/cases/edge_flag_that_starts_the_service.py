"""A `--watch` flag that keeps running: its branch saves the resume state on
every pass and reads it back at start, so a torn write loses the progress. A
long-running flag is a service, not a one-shot command; it stays reported."""
import json
import sys
import time
from pathlib import Path

STATE = Path("state.json")


def _watch():
    state = json.loads(STATE.read_text()) if STATE.exists() else {"seen": 0}
    while True:
        state["seen"] += 1
        with open(STATE, "w") as f:
            json.dump(state, f)
        time.sleep(1)


def main():
    if "--watch" in sys.argv:
        _watch()
        return
    print("nothing to do")


if __name__ == "__main__":
    main()
