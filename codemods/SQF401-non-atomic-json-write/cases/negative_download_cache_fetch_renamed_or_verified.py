"""Get-or-fetch downloads that never leave a short file under the final name.

`archive` streams to a `.part` name beside the target and renames it over the
target once complete; `fetch_into` (a generic helper whose callers name the
file) writes a temporary file in the target's folder and `os.replace`s it.
"""

import os
import tempfile
from pathlib import Path

import requests


class Cache:
    def __init__(self, root: Path):
        self.root = root
        self.session = requests.Session()

    def lookup(self, name):
        path = self.root / name
        return path if path.is_file() else None

    def archive(self, name, url):
        found = self.lookup(name)
        if found is not None:
            return found
        target = self.root / name
        part = target.with_suffix(".part")
        response = self.session.get(url, stream=True)
        with part.open("wb") as f:
            for chunk in response.iter_content(65536):
                f.write(chunk)
        part.replace(target)
        return target


def fetch_into(url, dest):
    response = requests.get(url, stream=True, timeout=30)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest))
    with os.fdopen(fd, "wb") as f:
        for chunk in response.iter_content(1 << 16):
            f.write(chunk)
    os.replace(tmp, dest)


if __name__ == "__main__":
    cache = Cache(Path.home() / ".cache" / "tool")
    cache.archive("a.whl", "https://example.org/a.whl")
    fetch_into("https://example.org/b.whl", "/var/cache/tool/b.whl")
