import json
import os
from pathlib import Path


def save(path, data):
    path = Path(path)
    staging = path.with_suffix(".tmp")
    with open(staging, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(staging, path)


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
