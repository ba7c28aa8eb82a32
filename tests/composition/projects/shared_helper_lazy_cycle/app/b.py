import sqlite3


def note(name):
    # Imported when `note` runs, not when this module is: `a` imports this
    # module at import time, and that is not a cycle.
    from app import a

    conn = sqlite3.connect(a.DB_PATH)
    try:
        with conn:
            conn.execute("INSERT INTO events (name) VALUES (?)", (name + "-note",))
    finally:
        conn.close()
