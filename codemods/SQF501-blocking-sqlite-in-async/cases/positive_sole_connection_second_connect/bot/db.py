import sqlite3

DB_PATH = "shop.db"

conn = sqlite3.connect(DB_PATH)


def export_orders(user_id):
    # A connection of its own to the same file, per call: a second connection.
    with sqlite3.connect(DB_PATH) as other:
        return other.execute("SELECT * FROM orders WHERE user_id = ?", (user_id,)).fetchall()
