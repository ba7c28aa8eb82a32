import json


def init(conn):
    conn.execute("CREATE TABLE IF NOT EXISTS fields (doc_id TEXT, key TEXT, value TEXT, PRIMARY KEY (doc_id, key))")
    conn.execute("CREATE TABLE IF NOT EXISTS pages (doc_id TEXT, number INTEGER, text TEXT)")


def save_fields(conn, doc_id, state):
    for key, value in state.items():
        conn.execute(
            "INSERT OR REPLACE INTO fields (doc_id, key, value) VALUES (?, ?, ?)",
            (doc_id, key, json.dumps(value)),
        )
        conn.commit()


def save_pages(conn, doc_id, pages):
    cur = conn.cursor()
    for page in pages:
        text = page["text"].strip()
        cur.execute(
            "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
            (doc_id, page["number"], text),
        )
        conn.commit()
