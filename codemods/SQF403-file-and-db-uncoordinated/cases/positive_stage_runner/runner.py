import json
import sqlite3

from store import save_checkpoint, set_stage

DB_PATH = "pipeline.db"


def finish_ocr(doc_id, pages):
    state = {"stage": "ocr", "pages": pages}
    set_stage(doc_id, "ocr_done")
    save_checkpoint(doc_id, state)


def finish_layout(conn, doc_id, blocks, path):
    conn.execute("UPDATE documents SET stage = 'layout_done', blocks = ? WHERE id = ?", (len(blocks), doc_id))
    conn.commit()
    with open(path, "w") as f:
        json.dump({"doc_id": doc_id, "blocks": blocks}, f)


def finish_tables(doc_id, tables, path):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("UPDATE documents SET stage = 'tables_done' WHERE id = ?", (doc_id,))
    with open(path, "w") as f:
        json.dump({"doc_id": doc_id, "tables": tables}, f)
