"""Helpers of a tool with two programs, a command line (cli.py) and a worker
(worker.py), both loading this module. The index save builds a per-writer
temporary name (the pid): not reported. The queue save's name is the target
plus a fixed suffix, and the worker's loop and the command line's `enqueue`
both save `queue.json` through it, each in a process of its own: reported."""
import json
import os


def save_index(path, entries):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w") as fh:
        json.dump(entries, fh)
    os.replace(tmp, path)


def save_queue(path, jobs):
    tmp = path + ".partial"
    with open(tmp, "w") as fh:
        json.dump(jobs, fh)
    os.replace(tmp, path)
