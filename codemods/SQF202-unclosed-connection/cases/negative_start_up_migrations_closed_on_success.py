"""Migration steps run once from start-up, before the worker threads start:
schema changes and a schema-version table, on connections closed only on the
success path. Nothing else uses the file yet, and a failed step stops the
start-up; one descriptor once is no leak worth a finding."""
import contextlib
import sqlite3
import threading

DB = "tasks.db"


def create_tables():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (v INTEGER)")
    conn.execute("INSERT INTO schema_version (v) VALUES (1)")
    conn.commit()
    conn.close()


def upgrade_schema():
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT max(v) FROM schema_version").fetchone()
    if row[0] < 2:
        conn.execute("ALTER TABLE tasks ADD COLUMN done INTEGER DEFAULT 0")
        conn.execute("UPDATE schema_version SET v = 2")
    conn.commit()
    conn.close()


def worker():
    with contextlib.closing(sqlite3.connect(DB)) as conn, conn:
        conn.execute("UPDATE tasks SET done = 1 WHERE id = 1")


def main():
    create_tables()
    upgrade_schema()
    for _ in range(4):
        threading.Thread(target=worker, daemon=True).start()


if __name__ == "__main__":
    main()
