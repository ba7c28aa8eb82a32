"""Edge: the writer refetches on a miss, but the value written was bound
before the read (a list carried over from it), so it is a state that grows:
reported. And a deleting reader that removes some other file keeps the
finding for the file it parsed."""

import json
import os

import requests

LEDGER = "ledger.json"
STATUS = "status.json"


def append_entry(entry):
    entries = []
    if os.path.exists(LEDGER):
        with open(LEDGER) as fh:
            entries = json.load(fh)
        if entry in entries:
            return entries
    entries.append(entry)
    with open(LEDGER, "w") as fh:
        json.dump(entries, fh)
    return entries


def read_status():
    try:
        with open(STATUS) as fh:
            return json.load(fh)
    except ValueError:
        os.remove("status.lock")
        return {"state": "idle"}


def write_status(state):
    requests.post("https://hooks.example.org/status", json=state, timeout=5)
    with open(STATUS, "w") as fh:
        json.dump(state, fh)
