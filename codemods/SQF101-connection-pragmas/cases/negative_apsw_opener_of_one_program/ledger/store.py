"""The same opener as in positive_apsw_programs_share_the_opener, loaded by one
program only, which starts no thread and no process: nothing else opens the
file while it runs, so its connection never meets a lock it does not hold."""
from pathlib import Path

import apsw

HOME = Path.home() / ".ledger"


def _setup(conn):
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")


def open_store():
    conn = apsw.Connection(str(HOME / "ledger.db"))
    _setup(conn)
    return conn
