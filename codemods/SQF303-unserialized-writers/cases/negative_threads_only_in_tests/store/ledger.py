"""A store whose writes run one at a time in the program itself: the only
threads that call it concurrently are a test's, which exercise the store on
purpose. A test is not one of the program's own concurrent callers."""
import sqlite3

DB_PATH = "ledger.db"


def record(account, amount, path=DB_PATH):
    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.execute(
            "INSERT INTO entries (account, amount) VALUES (?, ?)", (account, amount)
        )
        conn.commit()
    finally:
        conn.close()


def rebuild_totals(conn):
    conn.execute("DELETE FROM totals")
    conn.execute(
        "INSERT INTO totals (account, total) SELECT account, SUM(amount) FROM entries GROUP BY account"
    )
    conn.commit()
