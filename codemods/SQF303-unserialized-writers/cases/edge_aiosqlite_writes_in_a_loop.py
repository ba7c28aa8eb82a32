# A coroutine that opens its own connection but writes once per item of a batch:
# each turn of the loop is a write transaction, so concurrent batches keep the
# database contended and queueing them beats the busy handler's naps. Reported,
# like a connection handed to write helpers.
import aiosqlite

DB_PATH = "jobs.db"


async def record_results(results: list[tuple[int, str]]) -> None:
    async with aiosqlite.connect(DB_PATH) as db:
        for job_id, outcome in results:
            await db.execute("UPDATE jobs SET outcome = ? WHERE id = ?", (outcome, job_id))
            await db.commit()
