"""Labelled from browser-cookie3 0.20.1, Django 5 and beets 2.14.1 (deliberate):
connections nothing else contends with.

Read-only URIs tried in a loop, a private `tempfile` copy of a locked database,
and a connection opened only as the destination of `Connection.backup()`.
Judged: no finding (SQF101 and SQF202 would be false positives).
"""
import shutil
import sqlite3
import tempfile
from pathlib import Path


class CookieReader:
    def __init__(self, database_file):
        self.database_file = database_file
        self.temp_file = None

    def connect_readonly(self):
        uri = Path(self.database_file).absolute().as_uri()
        for options in ("?mode=ro", "?mode=ro&nolock=1", "?mode=ro&immutable=1"):
            try:
                con = sqlite3.connect(uri + options, uri=True)
            except sqlite3.OperationalError:
                continue
            return con

    def connect_copy(self):
        with tempfile.NamedTemporaryFile(suffix=".sqlite") as tf:
            self.temp_file = tf.name
        shutil.copyfile(self.database_file, self.temp_file)
        con = sqlite3.connect(self.temp_file)
        return con


def create_backup(source, dest):
    dest_conn = sqlite3.connect(dest)
    source.backup(dest_conn)
    dest_conn.close()
