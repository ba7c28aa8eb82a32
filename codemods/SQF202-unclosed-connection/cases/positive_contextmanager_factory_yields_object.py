"""A checkpoint saver's documented factory is a context manager: a classmethod
that opens the database with `with sqlite3.connect(path) as conn:` and yields an
object built on the connection. `with connect()` only commits on the way out
(F-with-no-close), so every saver made this way keeps its file open after the
caller's `with` block ends, until the cyclic garbage collector runs. The plain
generator that yields the connection itself has the same gap, and its caller
cannot close what the `with` was meant to manage."""
import sqlite3
import threading
from contextlib import contextmanager


class CheckpointSaver:
    def __init__(self, conn):
        self.conn = conn
        self.lock = threading.Lock()

    @classmethod
    @contextmanager
    def from_path(cls, path):
        with sqlite3.connect(path, check_same_thread=False) as conn:
            yield cls(conn)

    def put(self, thread_id, blob):
        with self.lock, self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?)", (thread_id, blob)
            )


@contextmanager
def checkpoint_db(path):
    with sqlite3.connect(path) as conn:
        yield conn


def run_step(path, thread_id, blob):
    with CheckpointSaver.from_path(path) as saver:
        saver.put(thread_id, blob)
    with checkpoint_db(path) as conn:
        conn.execute("DELETE FROM pending WHERE thread_id = ?", (thread_id,))


def serve(path, jobs):
    workers = [threading.Thread(target=run_step, args=(path, j, b"")) for j in jobs]
    for w in workers:
        w.start()
