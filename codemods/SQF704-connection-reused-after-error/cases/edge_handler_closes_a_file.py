"""The handler closes something, but not the connection: the upload's file. The
failed transaction stays open on the shared connection and the loop reuses it.
A handler that closes the connection itself is fine."""
import logging
import sqlite3

log = logging.getLogger(__name__)


class Uploads:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def _record(self, name, size):
        self.conn.execute("INSERT INTO uploads (name, size) VALUES (?, ?)", (name, size))
        self.conn.execute("UPDATE stats SET n = n + 1")
        self.conn.commit()

    def ingest(self, uploads):
        for upload in uploads:
            try:
                self._record(upload.filename, upload.size)
            except sqlite3.OperationalError:
                upload.file.close()
                log.warning("could not record %s", upload.filename)

    def ingest_or_reset(self, uploads):
        for upload in uploads:
            try:
                self._record(upload.filename, upload.size)
            except sqlite3.OperationalError:
                self.conn.close()
                raise
