"""Backfill done right: the work list is read on a short connection, files
are hashed with no connection open, and each batch of a hundred results is
inserted on its own short connection, so the lock is held only for the SQL.
"""
import sqlite3

from library.hashing import file_checksum

DB_FILE = "library.db"
BATCH = 100


def pending_books():
    conn = sqlite3.connect(DB_FILE)
    try:
        return conn.execute("SELECT id, path FROM book_files").fetchall()
    finally:
        conn.close()


def insert_batch(results):
    conn = sqlite3.connect(DB_FILE, timeout=30)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO checksums (book_id, sha256) VALUES (?, ?)", results
            )
    finally:
        conn.close()


def main():
    batch = []
    for book_id, path in pending_books():
        batch.append((book_id, file_checksum(path)))
        if len(batch) >= BATCH:
            insert_batch(batch)
            batch = []
    if batch:
        insert_batch(batch)


if __name__ == "__main__":
    main()
