"""Field lookups for rendered documents, all through one module cursor."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

conn = sqlite3.connect("glossary.db", check_same_thread=False)
cur = conn.cursor()


def term_for(key):
    cur.execute("SELECT term FROM glossary WHERE key = ?", (key,))
    row = cur.fetchone()
    return row[0] if row else key


def author_of(doc_id):
    cur.execute("SELECT author FROM docs WHERE id = ?", (doc_id,))
    row = cur.fetchone()
    return row[0] if row else None


def render(doc):
    fields = {name: term_for(value) for name, value in doc["fields"].items()}
    return {"author": author_of(doc["id"]), "fields": fields}


def render_all(docs):
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(render, docs))


if __name__ == "__main__":
    print(render_all([{"id": 1, "fields": {"a": "b"}}]))
