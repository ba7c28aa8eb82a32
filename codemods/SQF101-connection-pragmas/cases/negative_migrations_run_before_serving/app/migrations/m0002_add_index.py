"""A schema migration, run by hand (or once at startup) before the service opens
the database: nothing else uses the file while it runs."""
import sqlite3


def upgrade(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE INDEX IF NOT EXISTS idx_items_name ON items (name)")
    conn.commit()
    conn.close()
