"""Tag and view-count endpoints; FastAPI runs these sync handlers on its thread pool.

Probes the mode coming from another module's factory that assigns
`conn.isolation_level` after connect, instead of the `isolation_level=` keyword.
Expected: `add_tag` (reads the tags, writes the merged set) is flagged, HIGH because
it runs on worker threads, and fixed with `with conn:` + `BEGIN IMMEDIATE` inside the
try; `count_view`, whose UPDATE is atomic SQL that does not use what it read, is not.
"""
from fastapi import FastAPI

from app.db import get_db

app = FastAPI()


@app.post("/documents/{doc_id}/tags/{tag}")
def add_tag(doc_id: int, tag: str):
    conn = get_db()
    try:
        row = conn.execute(
            "SELECT tags FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        tags = set(row[0].split(",")) if row and row[0] else set()
        tags.add(tag)
        conn.execute(
            "UPDATE documents SET tags = ? WHERE id = ?",
            (",".join(sorted(tags)), doc_id),
        )
        conn.commit()
    finally:
        conn.close()
    return {"tags": sorted(tags)}


@app.post("/documents/{doc_id}/views")
def count_view(doc_id: int):
    conn = get_db()
    try:
        exists = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        conn.execute("UPDATE documents SET views = views + 1 WHERE id = ?", (doc_id,))
        conn.commit()
    finally:
        conn.close()
    return {"found": bool(exists)}
