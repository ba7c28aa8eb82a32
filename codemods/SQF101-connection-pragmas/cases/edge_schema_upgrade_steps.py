"""A print-job history plugin: the event thread records jobs in batches while
the request threads read and write the same file, with no pragma anywhere.

`init_database` reads the stored schema version and runs each upgrade step
only when the file is older: every step opens its own connection, runs an
ALTER/CREATE script and closes it. A step runs once per database, ever, so its
connection is not reported. `ensure_tags` runs its CREATE on every request that
tags a job, with no version test around the call: its connection meets the
event thread's batches like any other (reported), as do the event thread's and
the request threads' connections."""
import sqlite3
import threading

DB = "jobs.db"
SCHEMA_VERSION = 3


class JobHistory:
    def __init__(self, path=DB):
        self.path = path

    def init_database(self):
        conn = sqlite3.connect(self.path)
        stored_version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
        if stored_version < 2:
            self._upgrade_from_1_to_2()
        if stored_version < 3:
            self._upgrade_from_2_to_3()

    def _upgrade_from_1_to_2(self):
        conn = sqlite3.connect(self.path)
        conn.executescript(
            "ALTER TABLE jobs ADD COLUMN duration REAL; PRAGMA user_version = 2;"
        )
        conn.commit()
        conn.close()

    def _upgrade_from_2_to_3(self):
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE TABLE notes (job_id INTEGER, text TEXT)")
        conn.execute("PRAGMA user_version = 3")
        conn.commit()
        conn.close()

    def ensure_tags(self):
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE TABLE IF NOT EXISTS tags (job_id INTEGER, tag TEXT)")
        conn.commit()
        conn.close()

    def tag(self, job_id, tag):
        self.ensure_tags()
        conn = sqlite3.connect(self.path)
        conn.execute("INSERT INTO tags VALUES (?, ?)", (job_id, tag))
        conn.commit()
        conn.close()

    def record_batch(self, events):
        conn = sqlite3.connect(self.path)
        for event in events:
            conn.execute("INSERT INTO jobs (name) VALUES (?)", (event,))
        conn.commit()
        conn.close()


def start(history, feed):
    history.init_database()
    threading.Thread(target=lambda: [history.record_batch(b) for b in feed]).start()
    threading.Thread(target=history.tag, args=(1, "calibration")).start()
