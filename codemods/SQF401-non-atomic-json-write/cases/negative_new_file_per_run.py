"""A scraper that writes each run's results to a new file named by its start
time. A crash tears only the file being written (that run's output, lost with
the crash either way), never one an earlier run finished; no code can test for
a name it never knew, and the reader skips a file it cannot parse, so a torn
file is as good as a missing one."""
import json
import uuid
from datetime import datetime
from pathlib import Path

OUT = Path("scrapes")


def save_run(items):
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(OUT / f"listings-{stamp}.json", "w") as f:
        json.dump(items, f)


def save_batch(items):
    (OUT / f"batch-{uuid.uuid4().hex}.json").write_text(json.dumps(items))


def all_listings():
    seen = []
    for path in sorted(OUT.glob("*.json")):
        try:
            seen.extend(json.loads(path.read_text()))
        except json.JSONDecodeError:
            continue
    return seen
