import sqlite3

conn = sqlite3.connect("app.db", check_same_thread=False)
strict = sqlite3.connect("app.db")


async def progress(doc_id):
    row = conn.execute("SELECT progress FROM documents WHERE id = ?", (doc_id,)).fetchone()
    strict.execute("UPDATE documents SET polled = polled + 1 WHERE id = ?", (doc_id,))
    return row[0]
