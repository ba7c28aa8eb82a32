"""The same ledger service, but `main()` starts the worker threads first and
upgrades the schema while they write: an exception in the upgrade leaves its
connection, and the write lock its first write took, to the garbage collector
while the workers wait on it. Reported (the backup's connections too)."""

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
    Ledger().start()
    upgrade_schema()


if __name__ == "__main__":
    main()
