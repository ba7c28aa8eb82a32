"""Wrapped openers and handles bound before their `with` that write nothing a
reader depends on: a gzipped report named per run and never read back, a
snapshot written to a temporary name and renamed into place, a handle that may
be standard output (an export, not a file the program owns), and handles
opened for reading."""
import codecs
import gzip
import json
import os
import sys
import time


def export_report(rows):
    name = "report-%d.json.gz" % time.time()
    with gzip.open(name, "wt") as f:
        json.dump(rows, f)


def snapshot(state, path):
    tmp = path + ".tmp"
    with gzip.GzipFile(tmp, "wb") as f:
        f.write(json.dumps(state).encode())
    os.replace(tmp, path)


def load_snapshot(path):
    with gzip.open(path) as f:
        return json.loads(f.read())


def dump(data, path=None):
    if path:
        out = open(path, "w")
    else:
        out = sys.stdout
    with out:
        json.dump(data, out)


def read_both(path, notes):
    handle = open(path)
    with handle:
        data = json.load(handle)
    with codecs.open(notes, "r", "utf-8") as f:
        return data, f.read()


def main():
    state = load_snapshot("state.json.gz")
    snapshot(state, "state.json.gz")
    export_report(state.get("rows", []))
    dump(state)
    read_both("a.json", "notes.txt")
