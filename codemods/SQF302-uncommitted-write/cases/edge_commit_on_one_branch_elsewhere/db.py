import sqlite3

conn = sqlite3.connect("events.db", check_same_thread=False)
