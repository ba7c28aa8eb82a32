"""A batch writer calls, inside its own open write transaction, a helper that
opens a second connection to the same file and writes there. The helper's write
waits for the lock the batch holds until the helper returns: "database is
locked" after the busy timeout, every time a batch is synced."""
import os
import sqlite3


class Config:
    def __init__(self, root):
        self.cache_db = os.path.join(root, "cache.db")


class MetadataCache:
    def __init__(self, config):
        self.db_path = config.cache_db

    def remember(self, items):
        conn = sqlite3.connect(self.db_path)
        with conn:
            conn.executemany("INSERT INTO meta (name, size) VALUES (?, ?)", items)
        conn.close()


class SourceSync:
    def __init__(self, config):
        self.db_path = config.cache_db
        self.metadata = MetadataCache(config)

    def sync(self, rows):
        conn = sqlite3.connect(self.db_path, isolation_level=None)
        conn.execute("BEGIN")
        for row in rows:
            conn.execute("INSERT INTO files (name, size) VALUES (?, ?)", row)
        self.metadata.remember(rows)
        conn.execute("COMMIT")
        conn.close()


def log_sync(count):
    conn = sqlite3.connect("sync.db")
    with conn:
        conn.execute("INSERT INTO sync_log (n) VALUES (?)", (count,))
    conn.close()


def import_batch(rows):
    conn = sqlite3.connect("sync.db")
    conn.executemany("INSERT INTO staged (name, size) VALUES (?, ?)", rows)
    log_sync(len(rows))
    conn.commit()
    conn.close()
