"""A threaded HTTP server: each request opens its own connection to jobs.db
while a worker thread keeps one open on the same file. Two connections, so a
request's write can meet the worker's lock, and the handler drops it."""
import logging
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DB_PATH = "jobs.db"
log = logging.getLogger(__name__)
worker_conn = sqlite3.connect(DB_PATH, check_same_thread=False)


def work():
    while True:
        worker_conn.execute("UPDATE jobs SET state = 'done' WHERE state = 'running'")
        worker_conn.commit()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        conn = sqlite3.connect(DB_PATH)
        try:
            conn.execute("INSERT INTO jobs (path, state) VALUES (?, 'new')", (self.path,))
            conn.commit()
        except sqlite3.OperationalError as e:
            log.warning("could not queue %s: %s", self.path, e)
        finally:
            conn.close()
        self.send_response(202)
        self.end_headers()


if __name__ == "__main__":
    threading.Thread(target=work, daemon=True).start()
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()
