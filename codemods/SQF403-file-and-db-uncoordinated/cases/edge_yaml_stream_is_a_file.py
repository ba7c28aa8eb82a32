"""YAML dumped into an opened file after the row records the stage: the file
lags the database, as with JSON. Only a dump with no stream (or a stream of
None, or an in-memory buffer) produces text instead of a file."""

import sqlite3

import yaml


def finish_stage(conn: sqlite3.Connection, doc_id, state):
    conn.execute("UPDATE documents SET stage = 'parsed' WHERE id = ?", (doc_id,))
    conn.commit()
    with open(f"state/{doc_id}.yaml", "w") as handle:
        yaml.safe_dump(state, handle)


def finish_with_keyword(conn: sqlite3.Connection, doc_id, state):
    conn.execute("UPDATE documents SET stage = 'indexed' WHERE id = ?", (doc_id,))
    conn.commit()
    with open(f"state/{doc_id}.yaml", "w") as handle:
        yaml.dump(state, stream=handle)
