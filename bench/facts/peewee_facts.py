"""F-peewee: peewee applies `pragmas=` on every connection and has atomic('IMMEDIATE').

Needs peewee (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os

from _fact import Fact, need, scratch

peewee = need("peewee")
fact = Fact("F-peewee", "SqliteDatabase(pragmas=...) runs them on each new connection, timeout defaults to 5 s, db.atomic('IMMEDIATE') sends BEGIN IMMEDIATE")
fact.note(f"peewee {peewee.__version__}")
path = os.path.join(scratch(), "t.db")
db = peewee.SqliteDatabase(path, pragmas={"journal_mode": "wal", "synchronous": 0})
db.connect()
conn = db.connection()
fact.check(conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal", "journal_mode=wal from pragmas")
sync = conn.execute("PRAGMA synchronous").fetchone()[0]
fact.check(sync == 0, f"synchronous from a copied {{'synchronous': 0}}: {sync} (OFF)")
timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
fact.check(timeout == 5000, f"busy_timeout without timeout=: {timeout}")
db.close()
db.connect()
sync = db.connection().execute("PRAGMA synchronous").fetchone()[0]
fact.check(sync == 0, f"a reconnect runs the pragmas again: synchronous {sync}")
sent = []
db.connection().set_trace_callback(sent.append)
db.execute_sql("CREATE TABLE IF NOT EXISTS t (x)")
with db.atomic("IMMEDIATE"):
    db.execute_sql("SELECT count(*) FROM t")
    db.execute_sql("INSERT INTO t VALUES (1)")
fact.check(any(s.startswith("BEGIN IMMEDIATE") for s in sent[:2]), f"db.atomic('IMMEDIATE') sends {sent[1:3]}")
db.close()
fact.done()
