"""The same refresh, but it arms the next Timer first and then rebuilds: when a
rebuild takes longer than the interval, the next run starts while this one
still holds its transaction, so two threads write the table at once. Still
counted as threads; whether SQF303 reports it is the rule's usual question."""

import sqlite3
import threading

DB = "blocklist.db"
INTERVAL = 5


def refresh():
    threading.Timer(INTERVAL, refresh).start()
    conn = sqlite3.connect(DB, timeout=30)
    rows = download_blocklist()
    conn.execute("DELETE FROM blocked")
    for row in rows:
        conn.execute("INSERT INTO blocked (ip, reason) VALUES (?, ?)", row)
    conn.commit()
    conn.close()


def download_blocklist():
    return []


def main():
    threading.Timer(0, refresh).start()
