"""F-wal-needs-write: a reader without write access to the folder cannot open a WAL file."""
import os
import sqlite3
import sys

from _fact import Fact, scratch

fact = Fact("F-wal-needs-write", "a reader that cannot write the database's folder reads a rollback-journal file but fails on a WAL file whose -shm file does not exist")
if not hasattr(os, "fork"):
    print("needs fork()")
    sys.exit(2)
folder = scratch()
os.chmod(folder, 0o755)


def make(name, mode):
    path = os.path.join(folder, name)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={mode}")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    os.chmod(path, 0o644)
    return path


def read_as_other_user(path):
    """Reads the file in a child that cannot write the folder: 'ok' or the error."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            if os.getuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            else:
                os.chmod(folder, 0o555)
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            conn.execute("SELECT count(*) FROM t").fetchone()
            answer = "ok"
        except Exception as e:  # noqa: BLE001
            answer = str(e)
        os.write(w, answer.encode())
        os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    answer = os.read(r, 1000).decode()
    os.close(r)
    os.chmod(folder, 0o755)
    return answer


rollback = read_as_other_user(make("rollback.db", "DELETE"))
fact.check(rollback == "ok", f"rollback journal, read-only folder: {rollback!r}")
wal = read_as_other_user(make("wal.db", "WAL"))
fact.check(wal != "ok", f"WAL, read-only folder, no -shm yet: {wal!r}")
fact.done()
