"""F-peewee-apsw-timeout: peewee's APSWDatabase waits 5 s by default, in seconds;
a peewee database subclass that opens apsw itself waits 0.

Needs peewee and apsw (requirements-dev.txt): run with .venv/bin/python.
"""
import os

from _fact import Fact, need, scratch

apsw = need("apsw")
peewee = need("peewee")
from playhouse.apsw_ext import APSWDatabase  # noqa: E402

fact = Fact(
    "F-peewee-apsw-timeout",
    "playhouse's APSWDatabase sets apsw's busy timeout from `timeout=` in seconds (5 by default); "
    "a SqliteDatabase subclass whose _connect opens apsw.Connection itself keeps apsw's 0",
)
fact.note(f"peewee {peewee.__version__}, apsw {apsw.apsw_version()}")
folder = scratch()


def busy_timeout(db):
    return list(db.connection().execute("PRAGMA busy_timeout"))[0][0]


plain = APSWDatabase(os.path.join(folder, "a.db"), pragmas={"journal_mode": "wal"})
ms = busy_timeout(plain)
fact.check(ms == 5000, f"APSWDatabase(path, pragmas=...) with no timeout: PRAGMA busy_timeout {ms}")
short = APSWDatabase(os.path.join(folder, "b.db"), timeout=0.2)
ms = busy_timeout(short)
fact.check(ms == 200, f"APSWDatabase(path, timeout=0.2): PRAGMA busy_timeout {ms} (seconds, times 1000)")
zero = APSWDatabase(os.path.join(folder, "c.db"), timeout=0)
ms = busy_timeout(zero)
fact.check(ms == 0, f"APSWDatabase(path, timeout=0): PRAGMA busy_timeout {ms}")


class OwnApsw(peewee.SqliteDatabase):
    def _connect(self):
        # Opens apsw itself and sets the pragmas; peewee's own hooks are sqlite3's.
        conn = apsw.Connection(self.database)
        for key, value in self._pragmas:
            conn.execute(f"PRAGMA {key} = {value}")
        return conn


own = OwnApsw(os.path.join(folder, "d.db"), pragmas={"journal_mode": "wal"})
ms = list(own.connection().execute("PRAGMA busy_timeout"))[0][0]
fact.check(ms == 0, f"a SqliteDatabase subclass opening apsw.Connection in _connect: PRAGMA busy_timeout {ms}")
fact.done()
