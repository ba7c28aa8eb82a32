"""Worker threads that each build a scratch database per call to sort and
deduplicate rows before writing them to the shared file. The scratch databases
are in memory and private to their connection (`SCRATCH = ":memory:"`, a
`file::memory:` URI): left to the garbage collector they
hold no file, no descriptor and no lock anyone else could wait on. Not
reported; the shared file's connection closes in `finally`."""

import sqlite3
import threading

DB = "events.db"
SCRATCH = ":memory:"


def dedupe(rows):
    scratch = sqlite3.connect(SCRATCH)
    scratch.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, body TEXT)")
    scratch.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", rows)
    unique = scratch.execute("SELECT key, body FROM seen ORDER BY key").fetchall()
    scratch.close()
    return unique


def rank(rows):
    scratch = sqlite3.connect("file::memory:", uri=True)
    scratch.execute("CREATE TABLE r (key TEXT, score REAL)")
    scratch.executemany("INSERT INTO r VALUES (?, ?)", rows)
    return scratch.execute("SELECT key FROM r ORDER BY score DESC").fetchall()


def ingest(batch):
    rows = dedupe(batch)
    rank([(k, 1.0) for k, _ in rows])
    conn = sqlite3.connect(DB, timeout=30)
    try:
        conn.executemany("INSERT INTO events VALUES (?, ?)", rows)
        conn.commit()
    finally:
        conn.close()


def main():
    for batch in ([("a", "1")], [("b", "2")]):
        threading.Thread(target=ingest, args=(batch,)).start()


if __name__ == "__main__":
    main()
