import sqlite3

DB_PATH = "app.db"
ADMIN = "admin"


def create_admin():
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT INTO users (name, role) VALUES (?, 'admin')", (ADMIN,))
        conn.commit()
    except sqlite3.OperationalError:
        pass
    finally:
        conn.close()


def init_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT)")
    conn.close()
    create_admin()
