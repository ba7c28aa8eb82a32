"""A second program on the same file: prunes old spans in one long transaction."""

import sqlite3
import sys


def main(days):
    conn = sqlite3.connect("spans.db")
    with conn:
        for (trace_id,) in conn.execute("SELECT id FROM traces WHERE age_days > ?", (days,)).fetchall():
            conn.execute("DELETE FROM spans WHERE trace_id = ?", (trace_id,))
            conn.execute("DELETE FROM traces WHERE id = ?", (trace_id,))


if __name__ == "__main__":
    main(int(sys.argv[1]))
