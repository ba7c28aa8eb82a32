"""A developer's experiment beside the service, written without a `__main__`
guard: nothing imports it, no process file or README names it. No finding."""
import sqlite3

conn = sqlite3.connect("app.db")
for row in conn.execute("SELECT id FROM hits"):
    conn.execute("UPDATE hits SET seen = 1 WHERE id = ?", row)
conn.commit()
