"""Fixed `.part` names whose writers cannot overlap.

`_download` is only ever called inside `with FileLock(...)`, held for the
whole download and the rename, so a second process waits for the first to
finish instead of writing into the same `.part` file. `save_index` takes an
exclusive `fcntl.flock` on a lock file before it writes, and holds it until
the function returns (the lock file is closed then).
"""

import fcntl
import json
import os

import requests
from filelock import FileLock


def _download(url, dest):
    partial = dest + ".part"
    with requests.get(url, stream=True, timeout=60) as response:
        with open(partial, "wb") as out:
            for chunk in response.iter_content(1 << 16):
                out.write(chunk)
    os.replace(partial, dest)


def fetch(url, dest):
    with FileLock(dest + ".lock"):
        if not os.path.exists(dest):
            _download(url, dest)
    return dest


def fetch_all(urls, folder):
    for url in urls:
        name = os.path.join(folder, os.path.basename(url))
        with FileLock(name + ".lock", timeout=600):
            _download(url, name)


def save_index(path, index):
    with open(path + ".lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(index, fh)
        os.replace(tmp, path)
