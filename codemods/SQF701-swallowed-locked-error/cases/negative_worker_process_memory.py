"""One module-level connection to a private in-memory database, in a module
that also runs in worker processes: each opens a database of its own, so the writes of one never meet another's lock."""
import logging
import multiprocessing
import sqlite3

conn = sqlite3.connect(":memory:")
log = logging.getLogger(__name__)


def record(item, score):
    try:
        conn.execute("INSERT INTO results (item, score) VALUES (?, ?)", (item, score))
        conn.commit()
    except Exception as e:
        log.error("lost result for %s: %s", item, e)


def score(item):
    record(item, len(item))


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(score, ["a", "bb", "ccc"])
