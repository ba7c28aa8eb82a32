"""Cursors made straight from a new connection, where the connection is still
closed: through `cursor.connection`, by the caller the cursor is returned to, or
in a `finally` of a `(conn, cursor)` pair."""

import sqlite3
import threading

DB_PATH = "chat.db"


def last_message(chat_id):
    cur = sqlite3.connect(DB_PATH).cursor()
    try:
        cur.execute("SELECT body FROM messages WHERE chat = ?", (chat_id,))
        return cur.fetchone()
    finally:
        cur.connection.close()


def open_cursor():
    cur = sqlite3.connect(DB_PATH).cursor()
    return cur


def connect():
    conn = sqlite3.connect(DB_PATH)
    return conn, conn.cursor()


def get_user(user_id):
    conn, cursor = connect()
    try:
        for row in cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,)):
            return row
    finally:
        conn.close()


def count_users():
    conn, cursor = connect()
    cursor.execute("SELECT count(*) FROM users")
    n = cursor.fetchone()[0]
    conn.close()
    return n


def start(chats):
    for chat in chats:
        threading.Thread(target=last_message, args=(chat,)).start()


def first_names(ids):
    names = []
    for user_id in ids:
        conn, cursor = connect()
        try:
            for row in cursor.execute("SELECT name FROM users WHERE id = ?", (user_id,)):
                names.append(row[0])
                break
        finally:
            conn.close()
    return names


def newest_user(flag):
    try:
        if flag:
            conn, cursor = connect()
            for row in cursor.execute("SELECT * FROM users ORDER BY id DESC"):
                return row
    finally:
        conn.close()
    return None
