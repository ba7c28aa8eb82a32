"""Bootstrap work the server's lifespan runs before it accepts a request: the
event loop serves nobody yet, so blocking it stalls no one."""
import sqlite3

DB_PATH = "app.db"


def init_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT)")
    conn.execute("INSERT OR IGNORE INTO users (name, role) VALUES ('admin', 'admin')")
    conn.commit()
    conn.close()


def seed_defaults():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('theme', 'light')")
    conn.commit()
    conn.close()


async def warm_cache(cache):
    conn = sqlite3.connect(DB_PATH)
    for name, role in conn.execute("SELECT name, role FROM users"):
        cache[name] = role
    conn.close()
    seed_defaults()
