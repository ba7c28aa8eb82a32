import json
import sqlite3

import aiosqlite

DB_PATH = "pipeline.db"


def save_checkpoint_fields(conn, doc_id, state):
    for key, value in state.items():
        conn.execute(
            "INSERT OR REPLACE INTO checkpoint_fields (doc_id, key, value) VALUES (?, ?, ?)",
            (doc_id, key, json.dumps(value)),
        )
        conn.commit()


def save_pages(conn: sqlite3.Connection, doc_id, pages):
    cur = conn.cursor()
    for page in pages:
        text = page["text"].strip()
        cur.execute(
            "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
            (doc_id, page["number"], text),
        )
        conn.commit()


def save_tags(conn, rows):
    for row in rows:
        conn.execute("INSERT INTO tags (doc_id, label) VALUES (?, ?)", row)
        conn.commit()


def save_entities(conn, doc_id, entities):
    for entity in entities:
        with conn:
            conn.execute(
                "INSERT INTO entities (doc_id, kind, value) VALUES (?, ?, ?)",
                (doc_id, entity["kind"], entity["value"]),
            )


async def save_chunks(db: aiosqlite.Connection, doc_id, chunks):
    for n, chunk in enumerate(chunks):
        await db.execute("INSERT INTO chunks (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, chunk))
        await db.commit()
