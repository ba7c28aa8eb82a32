"""An exporter whose client is DuckDB or SQLite, as configured. Only when every
assignment of `self.client` opens another engine is its insert not SQLite's:
here one branch opens SQLite, so the swallowed insert is still read as a
SQLite write."""
import logging
import sqlite3

import duckdb

log = logging.getLogger(__name__)


class Export:
    def __init__(self, path, engine="duckdb"):
        if engine == "duckdb":
            self.client = duckdb.connect(path)
        else:
            self.client = sqlite3.connect(path)

    def update(self, stats):
        try:
            self.client.executemany("INSERT INTO stats VALUES (?, ?)", list(stats.items()))
            self.client.commit()
        except Exception as e:
            log.error("cannot export stats: %s", e)
