import sqlite3

_conn = sqlite3.connect("tasks.db", check_same_thread=False)


def tasks():
    return _conn.execute("SELECT title FROM tasks").fetchall()


def add(title):
    _conn.execute("INSERT INTO tasks (title) VALUES (?)", (title,))
    _conn.commit()
