import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

pool = ThreadPoolExecutor(max_workers=4)


def bump(path: Path, key):
    counts = json.loads(path.read_text())
    counts[key] = counts.get(key, 0) + 1
    if counts[key] % 10 == 0:
        path.write_text(json.dumps(counts))
    return counts[key]


def schedule(path, keys):
    return [pool.submit(bump, path, key) for key in keys]
