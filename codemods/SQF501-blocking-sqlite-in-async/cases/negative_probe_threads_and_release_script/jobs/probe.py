"""File probes the job manager runs on worker threads: none opens a database."""
import os


def media_size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def checksum(path):
    total = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(65536), b""):
            total = (total + sum(block)) % 65521
    return total
