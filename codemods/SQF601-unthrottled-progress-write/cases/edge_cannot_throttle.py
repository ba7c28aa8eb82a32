import sqlite3


def ocr_with_early_exit(conn, doc_id, pages, engine, budget):
    for i, page in enumerate(pages):
        if engine.ocr(page) is None:
            return i
        conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (i + 1, doc_id))
        conn.commit()
    return len(pages)


def ocr_counting(conn, doc_id, pages, engine):
    done = 0
    for page in pages:
        engine.ocr(page)
        conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (done, doc_id))
        done += 1


def stages(conn, doc_id, steps):
	for name, step in steps:
		step(doc_id)
		conn.execute("UPDATE documents SET stage = ? WHERE id = ?", (name, doc_id))  # shown in the UI
		conn.commit()
