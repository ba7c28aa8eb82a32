"""A long-running service copies its database on a schedule. Both connections of
the backup are opened in one `with` statement: sqlite3's context manager commits or
rolls back but never closes (docs/sqlite-facts.md#F-with-no-close), so every
scheduled backup leaves two open connections behind, and on Windows the open handle
on the new file makes the rename that follows fail."""
import contextlib
import os
import sqlite3
import threading
import time

from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


class BackupService:
    def __init__(self, path, backup_dir):
        self.path = path
        self.backup_dir = backup_dir

    def backup_once(self):
        target = os.path.join(self.backup_dir, "backup.tmp")
        with sqlite3.connect(self.path) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        os.replace(target, os.path.join(self.backup_dir, "backup.db"))

    def backup_nested(self, target):
        with sqlite3.connect(self.path) as src:
            with sqlite3.connect(target) as dst:
                src.backup(dst)

    def backup_half_closed(self, target):
        with contextlib.closing(sqlite3.connect(self.path)) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        os.remove(target + "-journal") if os.path.exists(target + "-journal") else None

    def run_forever(self):
        while True:
            self.backup_once()
            time.sleep(3600)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()


def main():
    service = BackupService("app.db", "backups")
    threading.Thread(target=service.run_forever, daemon=True).start()
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()


if __name__ == "__main__":
    main()
