"""A traffic sensor refreshes its blocklist table every hour: `refresh` rebuilds
the table in one transaction and only then arms the next `threading.Timer` on
itself. The next run cannot start before this one has finished, so the chain
is one writer at a time, whatever number of Timer threads it makes over a day.
Nothing else writes the table. The chain now counts as one thread started
once (threads.rs `once_started`, spawn.rs `rearms_itself`), which clears
SQF101 here; SQF303 still reports it (its lone-writer test does not yet see
the chain), a known false finding left for a later round."""

import sqlite3
import threading

DB = "blocklist.db"
INTERVAL = 3600


def refresh():
    conn = sqlite3.connect(DB, timeout=30)
    rows = download_blocklist()
    conn.execute("DELETE FROM blocked")
    for row in rows:
        conn.execute("INSERT INTO blocked (ip, reason) VALUES (?, ?)", row)
    conn.commit()
    conn.close()
    timer = threading.Timer(INTERVAL, refresh)
    timer.daemon = True
    timer.start()


def is_blocked(ip):
    conn = sqlite3.connect(DB, timeout=30)
    row = conn.execute("SELECT 1 FROM blocked WHERE ip = ?", (ip,)).fetchone()
    conn.close()
    return row is not None


def download_blocklist():
    return []


def main():
    threading.Timer(0, refresh).start()


if __name__ == "__main__":
    main()
