"""Run by a reader trying the project: one connection, left to process exit."""
import sqlite3
import threading


def show():
    con = sqlite3.connect("app.db")
    print(con.execute("SELECT * FROM items").fetchall())


threading.Thread(target=show).start()
