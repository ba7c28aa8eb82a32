"""Thresholds and spellings: exactly one second is enough (not reported), just
under it is HIGH, zero written as a float is CRITICAL; aliased imports, a
multi-line call with a comment, PRAGMA values at 999/1000 ms. CRLF line endings
and tab indentation must survive the fix."""
import sqlite3 as db
from sqlite3 import connect as open_db


def one_second(path):
	return db.connect(path, timeout=1)


def just_under(path):
	return open_db(path, timeout=0.999)


def float_zero(path):
	conn = db.connect(
		path,
		timeout=0.0,  # fail fast: the caller retries
		check_same_thread=False,
	)
	return conn


def pragma_thresholds(conn):
	conn.execute("PRAGMA busy_timeout = 999")
	conn.execute("PRAGMA busy_timeout=1000")
