"""Python 3.12's autocommit=False keeps a transaction open, where journal_mode cannot change."""
import sqlite3


def connect(path):
    return sqlite3.connect(path, autocommit=False)
