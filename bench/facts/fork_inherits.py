"""F-fork-inherits: a forked child inherits a connection's open transaction but not its locks."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-fork-inherits",
    "a child forked while its parent's connection holds a write commits the parent's uncommitted rows in WAL mode; in rollback mode it waits on the parent's lock",
)


def child_commits_inherited(mode):
    db = os.path.join(scratch(), f"{mode}.db")
    conn = sqlite3.connect(db, timeout=1)
    conn.execute(f"PRAGMA journal_mode={mode}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.execute("INSERT INTO t VALUES (1)")  # the parent's write, not committed
    pid = os.fork()
    if pid == 0:
        try:
            conn.execute("INSERT INTO t VALUES (2)")
            conn.commit()
            os._exit(0)
        except sqlite3.OperationalError:
            os._exit(3)
    child = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    conn.rollback()  # the parent changes its mind
    rows = sorted(r[0] for r in sqlite3.connect(db).execute("SELECT x FROM t"))
    return child, rows


child, rows = child_commits_inherited("wal")
fact.check(child == 0 and rows == [1, 2], f"WAL: the child's commit succeeded ({child == 0}) and the rows after the parent's rollback are {rows}")
child, rows = child_commits_inherited("delete")
fact.check(child == 3 and rows == [], f"rollback journal: the child's commit raised 'database is locked' ({child == 3}); rows {rows}")

# The fix: the pid kept with the connection, a new connection in the child.
db = os.path.join(scratch(), "pid.db")


class Cache:
    def __init__(self, path):
        self.path = path
        self._conn = None
        self._pid = None

    def conn(self):
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(self.path, timeout=1)
            self._pid = os.getpid()
        return self._conn


cache = Cache(db)
cache.conn().execute("PRAGMA journal_mode=WAL")
cache.conn().execute("CREATE TABLE t (x)")
cache.conn().commit()
cache.conn().execute("INSERT INTO t VALUES (1)")
pid = os.fork()
if pid == 0:
    try:
        c = cache.conn()
        c.execute("INSERT INTO t VALUES (2)")
        c.commit()
        os._exit(0)
    except sqlite3.OperationalError:
        os._exit(3)
child = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
cache.conn().rollback()
rows = sorted(r[0] for r in sqlite3.connect(db).execute("SELECT x FROM t"))
fact.check(child == 3 and rows == [], f"reconnecting when the pid differs: the child's own connection waits for the parent's lock instead ({child == 3}); rows after the parent's rollback {rows}")

# An idle inherited connection (used before the fork, no transaction open), used by
# forked writers: each child takes its own locks, and nothing was lost in this run.
db = os.path.join(scratch(), "idle.db")
conn = sqlite3.connect(db, timeout=10)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE t (w, i)")
conn.commit()
conn.execute("SELECT count(*) FROM t").fetchone()
pids = []
for w in range(4):
    pid = os.fork()
    if pid == 0:
        failed = 0
        for i in range(300):
            try:
                conn.execute("INSERT INTO t VALUES (?, ?)", (w, i))
                conn.commit()
            except sqlite3.Error:
                failed += 1
        os._exit(min(failed, 100))
    pids.append(pid)
codes = [os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids]
check = sqlite3.connect(db)
count = check.execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(codes == [0] * 4 and count == 1200, f"4 forked writers x 300 commits on an idle inherited connection: failures {codes}, {count} rows, integrity {check.execute('PRAGMA integrity_check').fetchone()[0]}")
fact.done()
