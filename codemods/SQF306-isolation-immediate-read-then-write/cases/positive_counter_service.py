"""Per-document counters; the author set IMMEDIATE expecting the increment to be
atomic. Worker threads call `add_pages` for every processed page."""
import sqlite3
import threading

DB_PATH = "counters.db"


class Counters:
    def __init__(self, path=DB_PATH):
        self.path = path

    def _connect(self):
        return sqlite3.connect(self.path, isolation_level="IMMEDIATE", timeout=30)

    def add_pages(self, doc_id, pages):
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT pages FROM doc_counters WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            total = (row[0] if row else 0) + pages
            conn.execute(
                "INSERT OR REPLACE INTO doc_counters (doc_id, pages) VALUES (?, ?)",
                (doc_id, total),
            )
            conn.commit()
        finally:
            conn.close()
        return total


def next_invoice_number(path=DB_PATH):
    conn = sqlite3.connect(path, isolation_level="EXCLUSIVE")
    (last,) = conn.execute("SELECT COALESCE(MAX(number), 0) FROM invoices").fetchone()
    conn.execute("INSERT INTO invoices (number) VALUES (?)", (last + 1,))
    conn.commit()
    conn.close()
    return last + 1


COUNTERS = Counters()


def start(jobs):
    for doc_id, pages in jobs:
        threading.Thread(target=COUNTERS.add_pages, args=(doc_id, pages)).start()
