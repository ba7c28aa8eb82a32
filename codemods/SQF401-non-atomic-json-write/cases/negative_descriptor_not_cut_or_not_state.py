"""Descriptor handles that are not this shape: one opened with neither
`O_TRUNC` nor a `truncate()` (the file is overwritten in place, never empty;
another hazard), and a truncate-then-write of a report nothing reads back."""
import json
import os

STATE = os.path.expanduser("~/.agent/state.json")


def load_state():
    with open(STATE) as f:
        return json.load(f)


def overwrite_state(state):
    f = os.fdopen(os.open(STATE, os.O_WRONLY | os.O_CREAT, 0o600), "w")
    f.write(json.dumps(state))
    f.close()


def export(report):
    f = os.fdopen(os.open("weekly_report.json", os.O_WRONLY | os.O_CREAT, 0o644), "w")
    f.truncate()
    f.write(json.dumps(report))
    f.close()

