"""Create-exclusive writes whose loser does not read the file: it skips the
work (another process is doing it), or reads a different file. Not reported
(the record itself is named anew, as in negative_record_opened_exclusively)."""
import json
import os


def claim(job_dir, job):
    marker = os.path.join(job_dir, job["id"] + ".claim")
    try:
        with open(marker, "x") as f:
            json.dump({"pid": os.getpid()}, f)
    except FileExistsError:
        return False
    return True


def results_of(job_dir, job):
    with open(os.path.join(job_dir, job["id"] + ".claim")) as f:
        return json.load(f)
