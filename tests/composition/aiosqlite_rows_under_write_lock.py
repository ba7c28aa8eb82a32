# composes: SQF303, SQF402
# A commit per checkpoint row on an aiosqlite connection: SQF402 batches the loop
# into one executemany and one commit, then SQF303 locks that one transaction
# (a lock around each row's commit would hide the loop SQF402 needs).
import aiosqlite


async def open_db(path):
    return await aiosqlite.connect(path)


async def save_checkpoint_rows(db, doc_id, results):
    for r in results:
        await db.execute(
            "INSERT INTO checkpoints (doc_id, page, digest) VALUES (?, ?, ?)",
            (doc_id, r["page"], r["digest"]),
        )
        await db.commit()
