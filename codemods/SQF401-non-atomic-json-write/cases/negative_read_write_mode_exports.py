"""Read-write modes that are not state: an export nothing reads back, a
scratch file in a temporary folder, an append-and-read log (`"a+"` does not
truncate) and a file renamed into place after the dump."""
import argparse
import json
import os
import tempfile


def export_report(rows):
    parser = argparse.ArgumentParser()
    parser.add_argument("--output")
    args = parser.parse_args()
    with open(args.output, "w+") as f:
        json.dump(rows, f)


def scratch(state):
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "state.json"), "w+") as f:
        json.dump(state, f)
        f.seek(0)
        return f.read()


def log_event(event):
    with open("events.json", "a+") as f:
        f.write(json.dumps(event) + "\n")


def load_progress():
    with open("progress.json") as f:
        return json.load(f)


def save_progress(progress):
    tmp = "progress.json.tmp"
    with open(tmp, "w+") as f:
        json.dump(progress, f)
    os.replace(tmp, "progress.json")
