"""F-tinydb-in-place: TinyDB's default JSON storage rewrites its one file in
place on every write; a reader in between, or a crash before the truncation,
meets a document that does not parse.

`JSONStorage.write` seeks to 0, writes the whole document, fsyncs, and only
then truncates what is left of the old, longer one. Shown two ways: another
store on the same file reads it at the moment between the write and the
truncation (a hook on the storage's flush), and a child process dies at that
moment (`os._exit`), after which the store cannot be opened again.
"""
import json
import os

from _fact import Fact, need, scratch

tinydb = need("tinydb")
from tinydb.storages import JSONStorage  # noqa: E402

fact = Fact(
    "F-tinydb-in-place",
    "TinyDB's JSONStorage writes in place, truncating last: a reader or a crash in between meets a torn file",
)
folder = scratch()
path = os.path.join(folder, "jobs.json")

db = tinydb.TinyDB(path)
db.insert_multiple({"id": i, "state": "queued", "log": "x" * 200} for i in range(200))
db.close()
full = os.path.getsize(path)


class Peek(JSONStorage):
    """Reads the file through a second handle when the write is flushed."""

    seen = None

    def write(self, data):
        real_flush = self._handle.flush

        def flush():
            real_flush()
            try:
                with open(path, encoding="utf-8") as other:
                    json.load(other)
                Peek.seen = "parsed"
            except json.JSONDecodeError as exc:
                Peek.seen = f"JSONDecodeError: {exc.msg}"

        self._handle.flush = flush
        try:
            super().write(data)
        finally:
            self._handle.flush = real_flush


db = tinydb.TinyDB(path, storage=Peek)
db.remove(tinydb.Query().id >= 10)  # the new document is shorter
db.close()
fact.check(
    Peek.seen is not None and Peek.seen.startswith("JSONDecodeError"),
    f"a second reader between the write and the truncation: {Peek.seen}",
)
ino_before = os.stat(path).st_ino

# A process killed after the write and before the truncation.
db = tinydb.TinyDB(path)
db.insert_multiple({"id": 1000 + i, "state": "queued", "log": "y" * 200} for i in range(150))
db.close()
pid = os.fork()
if pid == 0:
    class Dies(JSONStorage):
        def write(self, data):
            self._handle.truncate = lambda *a: os._exit(0)
            super().write(data)

    child = tinydb.TinyDB(path, storage=Dies)
    child.remove(tinydb.Query().id >= 1000)
    os._exit(1)
os.waitpid(pid, 0)
try:
    tinydb.TinyDB(path).all()
    after = "opened"
except json.JSONDecodeError as exc:
    after = f"JSONDecodeError: {exc.msg}"
fact.check(after.startswith("JSONDecodeError"), f"the store after a kill before the truncation: {after}")
fact.check(
    os.stat(path).st_ino == ino_before,
    "the same inode throughout: the file is rewritten in place, never replaced",
)
fact.note(f"file of {full} bytes; a write rewrites all of it")

import dbm  # noqa: E402
import shelve  # noqa: E402

shelf_path = os.path.join(folder, "shelf")
with shelve.open(shelf_path) as shelf:
    shelf["jobs"] = list(range(10))
fact.note(f"shelve's dbm module on this Python: {dbm.whichdb(shelf_path)} (not modelled with TinyDB)")
fact.done()
