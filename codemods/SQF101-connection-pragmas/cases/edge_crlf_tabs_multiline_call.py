import sqlite3


def connect(path):
	conn = sqlite3.connect(
		path,
		check_same_thread=False,
	)
	return conn
