"""F-peewee-deferred: a deferred peewee database keeps the pragmas it was declared with.

`db = SqliteDatabase(None, pragmas={...})` then `db.init(path)` runs the declaration's
pragmas on every connection; `db.init(path, pragmas={...})` replaces them (no merge), so a
fix that adds `pragmas=` to the `init()` call drops the declaration's entries.
`DatabaseProxy().initialize(SqliteDatabase(path, pragmas=...))` runs the inner database's.
Needs peewee (requirements-dev.txt): run with .venv/bin/python.
"""
import os

from _fact import Fact, need, scratch

peewee = need("peewee")
fact = Fact(
    "F-peewee-deferred",
    "db.init(path) keeps the declared pragmas; db.init(path, pragmas=...) replaces them",
)
fact.note(f"peewee {peewee.__version__}")
work = scratch()


def pragma(db, name):
    return db.connection().execute(f"PRAGMA {name}").fetchone()[0]


db = peewee.SqliteDatabase(None, pragmas={"foreign_keys": 1, "journal_mode": "wal"})
db.init(os.path.join(work, "a.db"))
db.connect()
fact.check(pragma(db, "foreign_keys") == 1, "init(path) alone: foreign_keys=1 from the declaration")
fact.check(pragma(db, "journal_mode") == "wal", "init(path) alone: journal_mode=wal from the declaration")
db.close()

db = peewee.SqliteDatabase(None, pragmas={"foreign_keys": 1})
db.init(os.path.join(work, "b.db"), pragmas={"journal_mode": "wal"})
db.connect()
fk = pragma(db, "foreign_keys")
fact.check(fk == 0, f"init(path, pragmas=...) replaces the declaration's: foreign_keys {fk}")
fact.check(pragma(db, "journal_mode") == "wal", "init(path, pragmas=...): its own journal_mode=wal runs")
db.close()

proxy = peewee.DatabaseProxy()
proxy.initialize(peewee.SqliteDatabase(os.path.join(work, "c.db"), pragmas={"journal_mode": "wal"}))
proxy.connect()
mode = proxy.connection().execute("PRAGMA journal_mode").fetchone()[0]
fact.check(mode == "wal", f"DatabaseProxy.initialize(SqliteDatabase(..., pragmas=...)): journal_mode {mode}")
proxy.close()
fact.done()
