"""Autocommit connections that still open a transaction of their own. An
explicit BEGIN (or a SAVEPOINT, which begins one outside a transaction) holds
the write lock from its first write to the COMMIT: an exception in between
drops the connection with that lock until the cyclic garbage collector runs,
as in the default mode. These stay reported; the plain autocommit statement
beside them does not."""
import sqlite3
import threading

DB = "ledger.db"


def transfer(src, dst, amount):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src))
    conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
    conn.execute("COMMIT")
    conn.close()


def tag_in_savepoint(account, tag):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("SAVEPOINT tagging")
    conn.execute("INSERT INTO tags (account, tag) VALUES (?, ?)", (account, tag))
    conn.execute("RELEASE tagging")
    conn.close()


def touch(account):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("UPDATE accounts SET touched = 1 WHERE id = ?", (account,))
    conn.close()


def serve(jobs):
    for src, dst, amount in jobs:
        threading.Thread(target=transfer, args=(src, dst, amount)).start()
        threading.Thread(target=tag_in_savepoint, args=(src, "sent")).start()
        threading.Thread(target=touch, args=(dst,)).start()
