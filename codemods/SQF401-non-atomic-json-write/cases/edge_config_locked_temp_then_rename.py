"""The config writer holds a lock, writes a temporary file and renames it over
the config: a reader sees the old file or the new one, never a short one. Not
reported here (its temporary name is SQF404's, and the lock serializes the
writers)."""
import os
import threading

import yaml

CONFIG = "config/app.yaml"
_lock = threading.Lock()


def save_config(values):
    with _lock:
        tmp = CONFIG + ".tmp"
        with open(tmp, "w") as f:
            yaml.safe_dump(values, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, CONFIG)


def load_config():
    with open(CONFIG) as f:
        return yaml.safe_load(f)
