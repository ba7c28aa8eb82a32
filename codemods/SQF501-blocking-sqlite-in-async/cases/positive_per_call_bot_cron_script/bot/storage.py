import sqlite3

DB_FILE = "points.db"


def add_point(member_id):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("UPDATE members SET points = points + 1 WHERE id = ?", (member_id,))
    conn.commit()
    conn.close()


def points(member_id):
    with sqlite3.connect(DB_FILE) as conn:
        row = conn.execute("SELECT points FROM members WHERE id = ?", (member_id,)).fetchone()
    return row[0] if row else 0
