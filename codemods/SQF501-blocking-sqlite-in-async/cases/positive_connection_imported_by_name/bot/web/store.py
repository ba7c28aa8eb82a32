"""A second database shared with threads on purpose (check_same_thread=False)."""
import sqlite3

shared = sqlite3.connect("web.db", check_same_thread=False)
