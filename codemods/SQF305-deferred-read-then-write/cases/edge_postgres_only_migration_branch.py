"""A program that runs on SQLite or PostgreSQL. Its upgrade step backfills
search vectors only on PostgreSQL (`if engine.dialect.name == "postgresql":`,
or returning early when the dialect is anything else): SQLite never runs that
read-then-write, so it is not reported, although the upgrade runs on threads.
The per-request counter below reads then writes on whichever engine is
configured, SQLite included: reported."""

import threading

from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///app.db")


def backfill_vectors():
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(text("SELECT id, body FROM notes WHERE vector IS NULL")).fetchall()
            for note_id, body in rows:
                conn.execute(
                    text("UPDATE notes SET vector = to_tsvector(:b) WHERE id = :i"),
                    {"b": body, "i": note_id},
                )
            conn.commit()


def backfill_trigrams():
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, title FROM notes WHERE trgm IS NULL")).fetchall()
        for note_id, title in rows:
            conn.execute(
                text("UPDATE notes SET trgm = similarity(:t, '') WHERE id = :i"),
                {"t": title, "i": note_id},
            )
        conn.commit()


def count_hit(note):
    with engine.connect() as conn:
        hits = conn.execute(text("SELECT hits FROM notes WHERE id = :i"), {"i": note}).scalar()
        conn.execute(text("UPDATE notes SET hits = :n WHERE id = :i"), {"n": hits + 1, "i": note})
        conn.commit()


def serve():
    for i in range(4):
        threading.Thread(target=count_hit, args=(i,)).start()
        threading.Thread(target=backfill_vectors).start()
        threading.Thread(target=backfill_trigrams).start()
