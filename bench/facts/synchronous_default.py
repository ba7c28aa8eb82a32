"""F-synchronous: what `synchronous` this SQLite build uses, and that it is per connection.

The durability claims (OFF can corrupt on power loss; NORMAL in WAL can lose the
last commits on power loss but never corrupts) come from SQLite's documentation of
PRAGMA synchronous: a script cannot cut the power. This script shows the parts a
program can see: the build's default, that each connection sets its own, and that
NORMAL in WAL keeps every commit across an application crash (a killed process).
"""
import os
import sqlite3
import subprocess
import sys

from _fact import Fact, scratch

fact = Fact("F-synchronous", "synchronous is set per connection; with WAL and NORMAL a killed process loses no committed row")
db = os.path.join(scratch(), "t.db")
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
default = conn.execute("PRAGMA synchronous").fetchone()[0]
fact.note(f"this build's default synchronous in WAL is {default} (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA)")
conn.execute("PRAGMA synchronous=NORMAL")
other = sqlite3.connect(db).execute("PRAGMA synchronous").fetchone()[0]
fact.check(other == default, f"after one connection sets NORMAL, a new one still has {other}")

child = f"""
import os, sqlite3
c = sqlite3.connect({db!r}, isolation_level=None)
c.execute("PRAGMA synchronous=NORMAL")
c.execute("CREATE TABLE IF NOT EXISTS t (x)")
for i in range(500):
    c.execute("INSERT INTO t VALUES (?)", (i,))
os._exit(9)  # no close, no checkpoint: as if the process were killed
"""
code = subprocess.run([sys.executable, "-c", child]).returncode
fact.check(code == 9, f"writer process ended abruptly (exit {code})")
check = sqlite3.connect(db)
rows = check.execute("SELECT count(*) FROM t").fetchone()[0]
ok = check.execute("PRAGMA integrity_check").fetchone()[0]
fact.check(rows == 500 and ok == "ok", f"after the crash: {rows} of 500 committed rows, integrity_check {ok!r}")
fact.done()
