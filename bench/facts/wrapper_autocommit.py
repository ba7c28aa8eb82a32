"""F-wrapper-autocommit: a wrapper whose execute() runs each statement on an
isolation_level=None connection commits every statement on its own, so a check
then an insert through it are two transactions.

cs50's SQL(url) does this: its engine's "connect" listener sets
`dbapi_connection.isolation_level = None` (python-cs50 src/cs50/_session_util.py,
`_disable_auto_begin_commit`) and the scoped session is removed after every
statement run outside a BEGIN it saw (src/cs50/sql.py, `_outside_transaction`).
Shown here with sqlite3 doing the same, so that no package is needed.
"""
import os
import sqlite3

from _fact import Fact, scratch


class Wrapper:
    """What cs50.SQL does per statement: a connection in manual mode, each
    statement its own transaction unless BEGIN was sent through the wrapper."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=0.2)
        self.conn.row_factory = sqlite3.Row

    def execute(self, sql, *args):
        cur = self.conn.execute(sql, args)
        if sql.lstrip().upper().startswith("SELECT"):
            return [dict(r) for r in cur.fetchall()]
        return cur.rowcount


fact = Fact(
    "F-wrapper-autocommit",
    "an autocommit wrapper's SELECT and INSERT are two transactions: two registrations of one name both pass the check",
)
db = os.path.join(scratch(), "t.db")
a, b = Wrapper(db), Wrapper(db)
a.execute("CREATE TABLE users (username TEXT UNIQUE)")

a.execute("INSERT INTO users VALUES (?)", "first")
fact.check(not a.conn.in_transaction, "after an INSERT through the wrapper no transaction is open")
fact.check(len(b.execute("SELECT * FROM users")) == 1, "another connection sees the INSERT at once (committed)")

# Check then insert, interleaved: both checks miss, the second insert fails.
miss_a = len(a.execute("SELECT * FROM users WHERE username = ?", "bob")) == 0
miss_b = len(b.execute("SELECT * FROM users WHERE username = ?", "bob")) == 0
fact.check(miss_a and miss_b, "both checks find no 'bob'")
a.execute("INSERT INTO users VALUES (?)", "bob")
try:
    b.execute("INSERT INTO users VALUES (?)", "bob")
    failed = None
except sqlite3.IntegrityError as e:
    failed = str(e)
fact.check(failed is not None, f"the second INSERT fails instead of a 409: {failed}")

# The same with BEGIN IMMEDIATE ... COMMIT sent through the wrapper: the second
# caller cannot start until the first commits, then its check sees the row.
a.execute("BEGIN IMMEDIATE")
miss_a = len(a.execute("SELECT * FROM users WHERE username = ?", "eve")) == 0
try:
    b.execute("BEGIN IMMEDIATE")
    waited = False
except sqlite3.OperationalError as e:
    waited = "locked" in str(e)
fact.check(miss_a and waited, "inside BEGIN IMMEDIATE the second caller's BEGIN waits (here: times out) while the first checks")
a.execute("INSERT INTO users VALUES (?)", "eve")
a.execute("COMMIT")
b.execute("BEGIN IMMEDIATE")
found_b = len(b.execute("SELECT * FROM users WHERE username = ?", "eve")) == 1
b.execute("COMMIT")
fact.check(found_b, "after the first commits, the second's check finds 'eve' (a 409, no IntegrityError)")
fact.done()
