import sqlite3

DB_FILE = "points.db"

conn = sqlite3.connect(DB_FILE)


def add_point(member_id):
    conn.execute("UPDATE members SET points = points + 1 WHERE id = ?", (member_id,))
    conn.commit()


def points(member_id):
    row = conn.execute("SELECT points FROM members WHERE id = ?", (member_id,)).fetchone()
    return row[0] if row else 0
