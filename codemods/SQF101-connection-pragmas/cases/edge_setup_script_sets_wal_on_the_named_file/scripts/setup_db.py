import sqlite3

DB_PATH = "/var/lib/notes/notes.db"

conn = sqlite3.connect(DB_PATH)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
conn.close()
