"""A media tracker's `main()` checks the schema (adding the columns older
versions lack, reading each row's old value to fill the new column) and only
then starts the program's own threads through `Tracker().start()` and forks
into the background. The read-then-write of the upgrade runs while nothing else
of the program has the file open: not reported. The play counter its threads
run reads then writes while the other threads do: reported."""

import sqlite3
import threading

DB = "tracker.db"


def upgrade_columns():
    conn = sqlite3.connect(DB)
    try:
        c = conn.cursor()
        try:
            c.execute("SELECT rating_key FROM sessions")
        except sqlite3.OperationalError:
            c.execute("ALTER TABLE sessions ADD COLUMN rating_key INTEGER")
            for row_id, old in c.execute("SELECT id, old_key FROM sessions").fetchall():
                c.execute("UPDATE sessions SET rating_key = ? WHERE id = ?", (int(old), row_id))
        conn.commit()
    finally:
        conn.close()


def count_play(item):
    conn = sqlite3.connect(DB, timeout=30)
    try:
        plays = conn.execute("SELECT plays FROM items WHERE id = ?", (item,)).fetchone()[0]
        conn.execute("UPDATE items SET plays = ? WHERE id = ?", (plays + 1, item))
        conn.commit()
    finally:
        conn.close()


class Tracker:
    def start(self):
        for item in range(4):
            threading.Thread(target=count_play, args=(item,)).start()


def main():
    upgrade_columns()
    Tracker().start()


if __name__ == "__main__":
    main()
