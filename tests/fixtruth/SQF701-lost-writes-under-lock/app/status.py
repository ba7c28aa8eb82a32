import sqlite3


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS status (doc_id TEXT PRIMARY KEY, state TEXT)")
    conn.close()


def set_status(path, doc_id, state):
    conn = sqlite3.connect(path, timeout=0.05)
    try:
        conn.execute("INSERT OR REPLACE INTO status (doc_id, state) VALUES (?, ?)", (doc_id, state))
        conn.commit()
    except sqlite3.OperationalError:
        pass
    finally:
        conn.close()
    return state


def all_status(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT doc_id, state FROM status ORDER BY doc_id").fetchall()
    finally:
        conn.close()
