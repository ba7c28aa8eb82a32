"""Plain INSERTs of a re-index on the long-lived connection, committed once at
the end. `uuid.uuid4()` cannot raise, but the next INSERT can (locked, a full
disk): the rows already inserted stay pending with the write lock held, and the
next commit on the connection publishes half an index that a repeat duplicates.
The finding names the INSERT, not the uuid."""
import sqlite3
import threading
import uuid


class DocsStore:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def add_chunks(self, version_id, chunks):
        for chunk in chunks:
            chunk_id = str(uuid.uuid4())
            self._conn.execute(
                "INSERT INTO chunks (id, version_id, text) VALUES (?, ?, ?)",
                (chunk_id, version_id, chunk.strip()),
            )
        self._conn.commit()

    def clear_version(self, version_id):
        self._conn.execute("DELETE FROM vectors WHERE version_id = ?", (version_id,))
        self._conn.execute("DELETE FROM chunks WHERE version_id = ?", (version_id,))
        self._conn.commit()


store = DocsStore("docs.db")


def reindex(version_id, chunks):
    store.clear_version(version_id)
    store.add_chunks(version_id, chunks)


threading.Thread(target=reindex, args=(1, ["a", "b"]), daemon=True).start()
reindex(2, ["c"])
