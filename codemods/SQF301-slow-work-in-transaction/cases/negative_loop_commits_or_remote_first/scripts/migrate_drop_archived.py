"""One-off clean-ups of archived notes, each keeping the lock short."""
import sqlite3

from qdrant_client import QdrantClient

DB_FILE = "notes.db"
store = QdrantClient(url="http://qdrant.internal:6333")


def commit_per_note(archived):
    # Each note's rows are committed before the next remote call.
    conn = sqlite3.connect(DB_FILE)
    for note_id in archived:
        store.delete("notes", [note_id])
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        conn.commit()
    conn.close()


def remote_first(archived):
    # All remote work is done before the first DELETE takes the lock.
    for note_id in archived:
        store.delete("notes", [note_id])
    conn = sqlite3.connect(DB_FILE)
    for note_id in archived:
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    conn.commit()
    conn.close()


def without_transactions(archived):
    # Autocommit: each DELETE is its own transaction, no lock between them.
    conn = sqlite3.connect(DB_FILE, autocommit=True)
    for note_id in archived:
        store.delete("notes", [note_id])
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    conn.close()


def main():
    archived = [1, 2, 3]
    commit_per_note(archived)
    remote_first(archived)
    without_transactions(archived)


if __name__ == "__main__":
    main()
