"""A one-shot clean-up script that nothing else shares its database with.

The loop does carry the write lock into every later iteration's remote call,
but no other program of the project opens cleanup.db: nobody waits for it.
"""
import sqlite3

from qdrant_client import QdrantClient


def main():
    store = QdrantClient(url="http://qdrant.internal:6333")
    conn = sqlite3.connect("cleanup.db")
    for (item_id,) in conn.execute("SELECT id FROM items WHERE gone = 1").fetchall():
        store.delete("items", [item_id])
        conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
