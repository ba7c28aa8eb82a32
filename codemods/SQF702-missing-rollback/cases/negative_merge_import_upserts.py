"""A docs store's merge import: the program's own export, one JSON object a
line, upserted row by row on the one long-lived connection and committed at the
end. An error half-way (a locked INSERT OR REPLACE, a bad line) leaves some of
the rows pending; the next commit on the connection publishes them, and they
are rows the next sync writes again: the table converges
(docs/sqlite-facts.md#F-upsert-converges). The calls named before the writes
(`line.strip()`, `uuid.uuid4()`) cannot raise (F-quiet-calls)."""
import json
import sqlite3
import threading
import uuid


class DocsStore:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def add_library(self, name):
        self._conn.execute("INSERT INTO libraries (id, name) VALUES (?, ?)", (str(uuid.uuid4()), name))
        self._conn.commit()

    def import_jsonl(self, path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                record = json.loads(line)
                self._conn.execute(
                    "INSERT OR REPLACE INTO libraries (id, name) VALUES (?, ?)",
                    (record["id"], record["name"]),
                )
                self._conn.execute(
                    "INSERT INTO versions (id, library_id, tag) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET tag = excluded.tag",
                    (record["version_id"], record["id"], record["tag"]),
                )
        self._conn.commit()

    def add_chunks_ignoring_duplicates(self, version_id, chunks):
        for chunk in chunks:
            chunk_id = uuid.uuid4().hex
            self._conn.execute(
                "INSERT OR IGNORE INTO chunks (id, version_id, text) VALUES (?, ?, ?)",
                (chunk_id, version_id, chunk.strip()),
            )
        self._conn.commit()


store = DocsStore("docs.db")


def sync_loop(path):
    store.import_jsonl(path)


threading.Thread(target=sync_loop, args=("export.jsonl",), daemon=True).start()
store.add_library("requests")
