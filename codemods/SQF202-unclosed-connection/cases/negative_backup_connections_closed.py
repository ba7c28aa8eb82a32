"""The same scheduled backup, closing both connections: `contextlib.closing`
around each, or an explicit close after the block; an async driver's
`async with` closes its connection on exit."""
import contextlib
import os
import sqlite3
import threading
import time

import aiosqlite
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


class BackupService:
    def __init__(self, path, backup_dir):
        self.path = path
        self.backup_dir = backup_dir

    def backup_once(self):
        target = os.path.join(self.backup_dir, "backup.tmp")
        with contextlib.closing(sqlite3.connect(self.path)) as src, contextlib.closing(
            sqlite3.connect(target)
        ) as dst:
            src.backup(dst)
        os.replace(target, os.path.join(self.backup_dir, "backup.db"))

    def backup_then_close(self, target):
        with sqlite3.connect(self.path) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        dst.close()
        src.close()

    async def backup_async(self, target):
        async with aiosqlite.connect(self.path) as src, aiosqlite.connect(target) as dst:
            await src.backup(dst)

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
