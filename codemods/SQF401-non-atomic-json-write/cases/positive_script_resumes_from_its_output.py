"""A standalone script that labels items one by one and saves its progress to
`labels.json` after each, loading that file at start to skip what is done. A
crash mid-write tears the only record of the work so far: a checkpoint."""
import json
import os


PROGRESS = "labels.json"


def load_progress():
    if not os.path.exists(PROGRESS):
        return {}
    with open(PROGRESS, encoding="utf-8") as f:
        return json.load(f)


def label(item):
    return item.upper()


def main(items):
    done = load_progress()
    for item in items:
        if item in done:
            continue
        done[item] = label(item)
        with open(PROGRESS, "w", encoding="utf-8") as f:
            json.dump(done, f)


if __name__ == "__main__":
    main(["alpha", "beta", "gamma"])
