import sqlite3

conn = sqlite3.connect("log.db", check_same_thread=False)
