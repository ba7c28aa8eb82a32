"""A read whose rows decide, through an early exit, whether the write runs:
`if row["spent_at"] is not None: raise` then `UPDATE`. Two concurrent callers
both read the row before either writes, both pass the check, and both report
success: a double spend. The connection is the caller's when one is passed,
else one from the class's factory; the check-then-act is the same either way.
The fix takes the write lock before the read."""

import sqlite3
import threading
from typing import Optional


class Ledger:
    def __init__(self, path):
        self.path = path

    def _conn(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        return conn

    def spend(self, box_id, by_tx, conn: Optional[sqlite3.Connection] = None):
        own = conn is None
        if own:
            conn = self._conn()
        try:
            row = conn.execute("SELECT * FROM boxes WHERE id = ?", (box_id,)).fetchone()
            if not row:
                return None
            if row["spent_at"] is not None:
                raise ValueError("already spent")
            conn.execute(
                "UPDATE boxes SET spent_at = 1, spent_by = ? WHERE id = ?",
                (by_tx, box_id),
            )
            if own:
                conn.commit()
            return dict(row)
        finally:
            if own:
                conn.close()

    def withdraw(self, account, amount):
        conn = self._conn()
        balance = conn.execute(
            "SELECT balance FROM accounts WHERE id = ?", (account,)
        ).fetchone()[0]
        if balance < amount:
            raise ValueError("insufficient funds")
        conn.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, account)
        )
        conn.commit()
        conn.close()


def serve(ledger):
    for n in range(4):
        threading.Thread(target=ledger.spend, args=(n, "tx")).start()
        threading.Thread(target=ledger.withdraw, args=(n, 10)).start()
