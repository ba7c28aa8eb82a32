"""A script under tools/ that saves its progress after every item and skips
the items its progress file says are done: a crash mid-save leaves a torn file
that the next run cannot load, and the backfill cannot resume. Reported: it
writes in a loop, as a resumable job does."""
import json
import os

PROGRESS = "backfill_progress.json"


def load_progress():
    if not os.path.exists(PROGRESS):
        return {"done": []}
    with open(PROGRESS) as f:
        return json.load(f)


def save_progress(progress):
    with open(PROGRESS, "w") as f:
        json.dump(progress, f)


def main(items):
    progress = load_progress()
    for item in items:
        if item in progress["done"]:
            continue
        print("processing", item)
        progress["done"].append(item)
        save_progress(progress)


if __name__ == "__main__":
    main(["a", "b", "c"])
