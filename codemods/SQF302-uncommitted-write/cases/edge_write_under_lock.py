"""Upload status on one shared connection, serialized by a threading.Lock (the
usual way to share a `check_same_thread=False` connection between FastAPI's worker
threads).

Probes where the commit goes when the write sits inside `with <lock>:`. Expected:
`set_status` and `UploadQueue.push` are flagged and the fix commits inside the lock
block (a commit after it would run unlocked and could commit another thread's
half-done unit on the same connection); in `push` it lands before the `return`.
`set_progress`, which already commits under the lock, is not flagged.
"""
import logging
import sqlite3
import threading
import time

from fastapi import FastAPI

log = logging.getLogger(__name__)
app = FastAPI()

_conn = sqlite3.connect("uploads.db", check_same_thread=False, timeout=5.0)
_db_lock = threading.Lock()


def set_status(upload_id, status):
    with _db_lock:
        _conn.execute(
            "UPDATE uploads SET status = ?, updated_at = ? WHERE id = ?",
            (status, time.time(), upload_id),
        )
    log.info("upload %s is %s", upload_id, status)


def set_progress(upload_id, pages_done):
    with _db_lock:
        _conn.execute("UPDATE uploads SET pages_done = ? WHERE id = ?", (pages_done, upload_id))
        _conn.commit()


@app.post("/uploads/{upload_id}/retry")
def retry(upload_id: int):
    set_status(upload_id, "queued")
    return {"id": upload_id, "status": "queued"}


class UploadQueue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.RLock()

    def push(self, upload_id, stage):
        with self._lock:
            self.conn.execute(
                "INSERT INTO queue (upload_id, stage, queued_at) VALUES (?, ?, ?)",
                (upload_id, stage, time.time()),
            )
            return upload_id
