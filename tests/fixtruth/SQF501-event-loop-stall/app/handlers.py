import sqlite3


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS uploads (name TEXT)")
    conn.commit()
    conn.close()


async def upload(path, name):
    conn = sqlite3.connect(path, timeout=5)
    cur = conn.execute("INSERT INTO uploads (name) VALUES (?)", (name,))
    upload_id = cur.lastrowid
    conn.commit()
    conn.close()
    return {"id": upload_id, "name": name}
