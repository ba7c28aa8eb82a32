import sqlite3

conn = sqlite3.connect("cache.db", check_same_thread=False)
