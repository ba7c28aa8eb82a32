"""One-off: drop archived notes from the vector index and from notes.db.

Run by hand while the service keeps serving.
"""
import sqlite3

from qdrant_client import QdrantClient

DB_FILE = "notes.db"


def main():
    store = QdrantClient(url="http://qdrant.internal:6333")
    conn = sqlite3.connect(DB_FILE)
    archived = [r[0] for r in conn.execute("SELECT id FROM notes WHERE archived = 1")]
    for note_id in archived:
        store.delete("notes", [note_id])
        conn.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
