import sqlite3

conn = sqlite3.connect("notes.db", check_same_thread=False)
