# composes: SQF601, SQF501, SQF202
# An async pipeline that writes progress to SQLite for every page on the event
# loop: throttling and offloading the write touch the same statement.
import sqlite3

DB_PATH = "pipeline.db"


async def process(doc_id, pages, model):
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    for i, page in enumerate(pages):
        await model.run(page)
        conn.execute(
            "UPDATE documents SET progress = ? WHERE id = ?",
            (int(100 * (i + 1) / len(pages)), doc_id),
        )
        conn.commit()
    conn.close()
