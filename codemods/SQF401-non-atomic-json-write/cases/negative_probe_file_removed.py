"""Scratch files their own function deletes: a write-access probe of the
project folder (`try` ... `os.remove` on success), and a job spec handed to a
tool and unlinked in a `finally`. Nothing can read them after the function.
Not reported, though the same names are read elsewhere."""
import json
import os
import subprocess
import time
from pathlib import Path

PROJECT = "project.json"


def folder_writable(folder):
    probe = os.path.join(folder, PROJECT)
    try:
        with open(probe, "w") as f:
            json.dump({"probe": time.time()}, f)
        os.remove(probe)
        return True
    except OSError:
        return False


def render(folder, spec):
    job = Path(folder) / "job.json"
    try:
        job.write_text(json.dumps(spec))
        subprocess.run(["renderer", str(job)], check=True)
    finally:
        job.unlink(missing_ok=True)


def load(folder):
    with open(os.path.join(folder, PROJECT)) as f:
        return json.load(f)


def job_of(folder):
    return json.loads((Path(folder) / "job.json").read_text())
