"""A loop over different pieces of work is not a retry loop, even when a
`break` appears inside its `try`: here the `break` ends the inner scan of the
results, not the loop over queries. A query that fails is logged with its
traceback and the next one runs; nothing is retried, so nothing "gives up"."""
import logging
import sqlite3

logger = logging.getLogger(__name__)


def record_hit(conn, query):
    conn.execute("INSERT INTO hits (query) VALUES (?)", (query,))
    conn.commit()
    return conn.execute("SELECT id, score FROM docs WHERE body MATCH ?", (query,)).fetchall()


def search_all(conn, queries, results):
    for query in queries:
        try:
            rows = record_hit(conn, query)
            for row_id, score in rows:
                if row_id in results:
                    results[row_id] += score
                    break
        except sqlite3.OperationalError:
            logger.debug("query %r failed", query, exc_info=True)
    return results
