"""One-off: drop a single archived note.

The loop has one item, so no second iteration runs with the lock held; the
remote call before the first DELETE is outside the transaction.
"""
import sqlite3
import sys

from qdrant_client import QdrantClient

DB_FILE = "notes.db"


def main(note_id):
    store = QdrantClient(url="http://qdrant.internal:6333")
    conn = sqlite3.connect(DB_FILE)
    for nid in [note_id]:
        store.delete("notes", [nid])
        conn.execute("DELETE FROM notes WHERE id = ?", (nid,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
