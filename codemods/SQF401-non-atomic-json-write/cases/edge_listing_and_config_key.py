"""Readers that are easy to miss. Summaries are read back by listing the folder
with a glob; the listing skips an unreadable one, which drops that meeting for
good (the only copy): reported. A command file's path comes from a settings
key, and another function reads it by the same key and consumes it: reported.
A reader that returns a default instead of nothing forgets the state: reported."""
import json
from pathlib import Path

SETTINGS = {"inbox": "run/inbox.cmd"}


def save_summary(folder: Path, stem, summary):
    with open(folder / f"{stem}_summary.json", "w") as f:
        json.dump(summary, f)


def all_summaries(folder: Path):
    out = []
    for p in sorted(folder.glob("*_summary.json")):
        try:
            with open(p) as f:
                out.append(json.load(f))
        except Exception:
            continue
    return out


def send(command):
    with open(SETTINGS["inbox"], "w") as f:
        json.dump(command, f)


def receive(settings):
    with open(settings["inbox"]) as f:
        return f.read()
