"""A system monitor's exporters: each keeps its database client on the object
and logs a failed insert rather than stop monitoring. Neither client is SQLite
(DuckDB, PostgreSQL), so no SQLite "database is locked" error is swallowed
here, whatever `execute` is called on `self`."""
import logging
import os

import duckdb
import psycopg

log = logging.getLogger(__name__)


class DuckExport:
    def __init__(self, path):
        self.client = None
        self.client = duckdb.connect(path)

    def update(self, stats):
        insert = "INSERT INTO stats VALUES (?, ?)"
        try:
            self.client.executemany(insert, list(stats.items()))
        except Exception as e:
            log.error("cannot export to DuckDB: %s", e)


class PostgresExport:
    def __init__(self):
        self._db = psycopg.connect(os.environ["STATS_DSN"], autocommit=True)

    def update(self, stats):
        try:
            with self._db.cursor() as cur:
                cur.executemany("INSERT INTO stats VALUES ($1, $2)", list(stats.items()))
            self._db.execute("UPDATE runs SET last = now()")
        except Exception as e:
            log.error("cannot export to PostgreSQL: %s", e)
