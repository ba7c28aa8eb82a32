"""Backfill: a checksum for every book file, run by hand beside the live app.

The first INSERT of a batch takes the write lock, and the batch commits only
every hundred books: the lock stays held while the next books' files are read
and hashed, and the app's writes wait for it.
"""
import sqlite3

from library.hashing import file_checksum

DB_FILE = "library.db"


def main():
    conn = sqlite3.connect(DB_FILE)
    rows = conn.execute("SELECT id, path FROM book_files").fetchall()
    for count, (book_id, path) in enumerate(rows, 1):
        checksum = file_checksum(path)
        conn.execute(
            "INSERT INTO checksums (book_id, sha256) VALUES (?, ?)", (book_id, checksum)
        )
        if count % 100 == 0:
            conn.commit()
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
