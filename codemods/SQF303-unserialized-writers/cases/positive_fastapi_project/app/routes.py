from fastapi import APIRouter, BackgroundTasks

from app import db

router = APIRouter()


def index_document(doc_id: str):
    conn = db.get_connection()
    with conn:
        conn.execute("INSERT INTO search_index (doc_id) VALUES (?)", (doc_id,))
        conn.execute("UPDATE documents SET indexed = 1 WHERE id = ?", (doc_id,))
    conn.close()
    db.set_status(doc_id, "indexed")


@router.post("/documents/{doc_id}/tags")
def add_tag(doc_id: str, tag: str, background_tasks: BackgroundTasks):
    conn = db.get_connection()
    conn.execute("INSERT INTO tags (doc_id, tag) VALUES (?, ?)", (doc_id, tag))
    conn.execute("UPDATE documents SET tag_count = tag_count + 1 WHERE id = ?", (doc_id,))
    conn.commit()
    conn.close()
    background_tasks.add_task(index_document, doc_id)
    return {"ok": True}
