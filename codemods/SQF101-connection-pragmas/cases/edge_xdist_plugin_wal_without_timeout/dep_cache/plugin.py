"""A pytest plugin that caches resolved dependencies in one file under the
user's cache folder. Under pytest-xdist every worker process runs the hooks
and opens the file: the helper turns WAL on and synchronous off, but keeps
Python's default wait, so a burst of workers writing at start-up outwaits
it. The missing explicit timeout should be reported; today it is not: the
writes run on the connection `_open()` returns, which this module's
transaction flows do not tie to the file, so the write-here test fails."""

import os
import sqlite3

CACHE = os.path.expanduser("~/.cache/dep-cache/resolved.sqlite3")


def _open():
    conn = sqlite3.connect(CACHE)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def remember(name, version):
    conn = _open()
    conn.execute("INSERT OR REPLACE INTO resolved (name, version) VALUES (?, ?)", (name, version))
    conn.commit()
    conn.close()


def pytest_configure(config):
    remember("pytest", str(config.getoption("verbose")))


def pytest_collection_modifyitems(config, items):
    for item in items:
        remember(item.nodeid, "seen")
