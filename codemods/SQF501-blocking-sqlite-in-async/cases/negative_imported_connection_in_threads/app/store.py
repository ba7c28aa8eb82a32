import sqlite3
import threading

shared = sqlite3.connect("web.db", check_same_thread=False)
lock = threading.Lock()
