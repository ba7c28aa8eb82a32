"""A system monitor's exporters: each keeps its database client on the object
and logs a failed insert rather than stop monitoring. Neither client is SQLite
(DuckDB, PostgreSQL), so no SQLite "database is locked" error is swallowed
here, whatever `execute` is called on `self`: the client is opened in the
constructor, by a method of the class, or by a module helper."""
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


class DuckHistory:
    def __init__(self, path):
        self.path = path
        self.client = self.init()

    def init(self):
        db = duckdb.connect(database=self.path)
        db.execute("CREATE TABLE IF NOT EXISTS history (ts DOUBLE, k TEXT, v DOUBLE)")
        return db

    def update(self, ts, stats):
        values = [(ts, k, v) for k, v in stats.items()]
        try:
            self.client.executemany("INSERT INTO history VALUES (?, ?, ?)", values)
        except Exception as e:
            log.error("cannot export history: %s", e)


def open_postgres():
    return psycopg.connect(os.environ["STATS_DSN"], autocommit=True)


class PostgresExport:
    def __init__(self):
        self._db = open_postgres()

    def update(self, stats):
        try:
            with self._db.cursor() as cur:
                cur.executemany("INSERT INTO stats VALUES ($1, $2)", list(stats.items()))
            self._db.execute("UPDATE runs SET last = now()")
        except Exception as e:
            log.error("cannot export to PostgreSQL: %s", e)
