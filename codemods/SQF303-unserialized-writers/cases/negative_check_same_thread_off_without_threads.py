"""A module connection opened with check_same_thread=False in a program that runs
nothing on another thread: the flag says threads may share the connection, but
no thread entry reaches it, so no writer waits on another."""

import sqlite3

conn = sqlite3.connect("notes.db", check_same_thread=False)


def add_note(text):
    conn.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    conn.commit()


if __name__ == "__main__":
    add_note("hello")
