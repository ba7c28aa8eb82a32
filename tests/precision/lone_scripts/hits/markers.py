"""Edge: a module of a package, there for plugins to import; its `__main__`
block is a demo. Nothing in the project imports it, but it is no lone
script: its findings stand."""
import sqlite3


def mark(hit_id):
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE hits SET marked = 1 WHERE id = ?", (hit_id,))
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    mark(1)
