"""A ledger service whose `main()` upgrades the schema (copying the file with
the backup API first) and only then starts its worker threads through
`Ledger().start()`, a method of the program rather than a known server call.
The upgrade's and the backup's connections are closed only on their success
paths, but they run while nothing else of the program has the file open: a
failure there stops the start-up with the lock nobody waits for. Not reported."""

import sqlite3
import threading

DB = "ledger.db"


def copy_before_upgrade():
    source = sqlite3.connect(DB)
    target = sqlite3.connect(DB + ".bak")
    source.backup(target)
    target.close()
    source.close()


def upgrade_schema():
    conn = sqlite3.connect(DB)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 2:
        copy_before_upgrade()
        conn.execute("ALTER TABLE entries ADD COLUMN note TEXT")
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    conn.close()


def record_forever(amount):
    while True:
        conn = sqlite3.connect(DB, timeout=30)
        try:
            conn.execute("INSERT INTO entries (amount) VALUES (?)", (amount,))
            conn.execute("UPDATE totals SET total = total + ?", (amount,))
            conn.commit()
        finally:
            conn.close()


class Ledger:
    def start(self):
        for i in range(4):
            threading.Thread(target=record_forever, args=(i,)).start()


def main():
    upgrade_schema()
    Ledger().start()


if __name__ == "__main__":
    main()
