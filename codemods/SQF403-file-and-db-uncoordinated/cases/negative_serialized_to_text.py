"""A document's settings serialized to text, not to a file: the text goes into
a column of the row, or into a log line. Nothing is written to disk beside the
database, so there is no file for the row to get ahead of."""

import io
import json
import logging
import sqlite3

import yaml

log = logging.getLogger(__name__)


def store_config(conn: sqlite3.Connection, job_id, config):
    conn.execute("UPDATE jobs SET status = 'configured' WHERE id = ?", (job_id,))
    conn.commit()
    # yaml.dump with no stream returns the YAML as a string.
    text = yaml.dump({"job": job_id, **config}, default_flow_style=False)
    conn.execute("UPDATE jobs SET config = ? WHERE id = ?", (text, job_id))
    conn.commit()


def log_result(conn: sqlite3.Connection, job_id, result):
    conn.execute("UPDATE jobs SET status = 'done' WHERE id = ?", (job_id,))
    conn.commit()
    log.info("job %s finished:\n%s", job_id, yaml.safe_dump(result, stream=None))


def snapshot_row(conn: sqlite3.Connection, job_id, state):
    conn.execute("UPDATE jobs SET stage = 'saved' WHERE id = ?", (job_id,))
    conn.commit()
    # json.dump into an in-memory buffer builds a string, not a file.
    buffer = io.StringIO()
    json.dump({"job": job_id, "state": state}, buffer)
    conn.execute("UPDATE jobs SET state = ? WHERE id = ?", (buffer.getvalue(), job_id))
    conn.commit()
