"""F-wal-persists and F-per-connection: which PRAGMAs a second connection sees."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-wal-persists / F-per-connection", "journal_mode=WAL is stored in the file; busy_timeout, synchronous, foreign_keys, cache_size, temp_store, wal_autocheckpoint, journal_size_limit, locking_mode are not")
db = os.path.join(scratch(), "t.db")
first = sqlite3.connect(db, isolation_level=None)
defaults = {}
second_before = sqlite3.connect(db, timeout=5)
per_connection = {
    "busy_timeout": 1234,
    "synchronous": 0,
    "foreign_keys": 1,
    "cache_size": -4321,
    "temp_store": 2,
    "wal_autocheckpoint": 77,
    "journal_size_limit": 65536,
}
for name in per_connection:
    defaults[name] = second_before.execute(f"PRAGMA {name}").fetchone()[0]
second_before.close()

fact.check(first.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal", "first connection switches to WAL")
first.execute("PRAGMA user_version=7")
for name, value in per_connection.items():
    first.execute(f"PRAGMA {name}={value}")
first.execute("CREATE TABLE t (x)")

second = sqlite3.connect(db, timeout=5)
fact.check(second.execute("PRAGMA journal_mode").fetchone()[0] == "wal", "a new connection finds the file in WAL mode")
fact.check(second.execute("PRAGMA user_version").fetchone()[0] == 7, "user_version is stored in the file too")
for name, value in per_connection.items():
    seen = second.execute(f"PRAGMA {name}").fetchone()[0]
    fact.check(seen == defaults[name] and seen != value, f"{name}: set to {value} on the first, a new connection has {seen} (its default)")
again = first.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(again == "wal", "setting WAL again on a WAL file is a no-op that returns 'wal'")
fact.done()
