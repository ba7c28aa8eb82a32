"""Worker threads record what they did through a helper that catches its own
database errors (and logs them with the traceback). The callers' broad
`except Exception` guards file work: a "database is locked" on the helper's
INSERT never reaches them, so they swallow no lost write. Where the write's
failure is kept, in the helper, is the place to judge it."""
import json
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_conn = sqlite3.connect("activity.db", check_same_thread=False)


def record(message):
    try:
        with _LOCK:
            _conn.execute("INSERT INTO events (message) VALUES (?)", (message,))
            _conn.commit()
    except sqlite3.Error:
        log.exception("activity record failed")


def write_sidecar(folder, data):
    with open(f"{folder}/info.json", "w") as f:
        json.dump(data, f)
    record(f"sidecar written for {folder}")


def tag_all(folders):
    for folder in folders:
        try:
            write_sidecar(folder, {"folder": folder})
        except Exception as e:
            log.warning("could not tag %s: %s", folder, e)


def start(folders):
    threading.Thread(target=tag_all, args=(folders,)).start()
