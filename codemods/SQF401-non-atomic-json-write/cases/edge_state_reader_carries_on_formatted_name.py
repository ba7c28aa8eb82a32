"""A progress file, not a cache: its reader survives a torn file but starts the
job over from nothing, losing what was done. The name is formatted from the job
id (`"%s"` and `.format`), which does not hide which file it is. Reported."""
import json
import os

STATE_DIR = "/var/lib/crawler"


def load_progress(job_id):
    path = os.path.join(STATE_DIR, "progress-%s.json" % job_id)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        pass
    return {"done": []}


def save_progress(job_id, progress):
    with open(os.path.join(STATE_DIR, "progress-%s.json" % job_id), "w") as f:
        json.dump(progress, f)


def load_seen(job_id):
    try:
        with open(os.path.join(STATE_DIR, "seen_{}.json".format(job_id))) as f:
            return set(json.load(f))
    except Exception:
        return set()


def save_seen(job_id, seen):
    with open(os.path.join(STATE_DIR, "seen_{}.json".format(job_id)), "w") as f:
        json.dump(sorted(seen), f)
