import json

import aiosqlite


async def finish_stage(db: aiosqlite.Connection, doc_id, stage, result, path):
    await db.execute("UPDATE documents SET stage = ? WHERE id = ?", (stage, doc_id))
    await db.commit()
    if result:
        with open(path, "w") as f:
            json.dump({"doc_id": doc_id, "result": result}, f)


def finish_all(conn, doc_ids, path_for):
    for doc_id in doc_ids:
        conn.execute("UPDATE documents SET stage = 'done' WHERE id = ?", (doc_id,))
        conn.commit()
        with open(path_for(doc_id), "w") as f:
            json.dump({"doc_id": doc_id}, f)
