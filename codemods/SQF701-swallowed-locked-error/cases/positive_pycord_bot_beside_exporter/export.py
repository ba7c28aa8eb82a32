"""A nightly export run from cron: its own process, with its own connection to
club.db, which it prunes after copying the old rows out."""
import csv
import sqlite3


def export(path):
    conn = sqlite3.connect("club.db")
    rows = conn.execute("SELECT * FROM scoreboard").fetchall()
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    conn.execute("DELETE FROM scoreboard WHERE rowid < (SELECT max(rowid) - 100 FROM scoreboard)")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    export("scores.csv")
