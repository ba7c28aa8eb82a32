"""A vector-store client built with a server URL: nothing in its construction
says SQLite (no `.db` path, no `sqlite:` URL, no SQLite class name), so a
failed `upsert` that returns False is the network's business, not a lock
error's. Not reported."""

import asyncio
import logging
import multiprocessing
import sqlite3

from vectorkit import Collection

log = logging.getLogger(__name__)

collection = Collection(url="http://localhost:6333", name="notes")
conn = sqlite3.connect("data/pipeline.db")


async def index_note(note_id, text):
    try:
        await collection.upsert(note_id, text)
        return True
    except Exception as e:
        log.error("index failed for %s: %s", note_id, e)
        return False


def work(note):
    asyncio.run(index_note(note["id"], note["text"]))
    conn.execute("INSERT INTO indexed (id) VALUES (?)", (note["id"],))
    conn.commit()


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(work, [{"id": 1, "text": "t"}])
