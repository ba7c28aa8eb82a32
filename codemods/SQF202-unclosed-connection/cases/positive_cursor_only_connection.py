"""The connection is reachable only through its cursor: nothing can close it."""

import sqlite3
import threading

DB_PATH = "chat.db"


def connect():
    return sqlite3.connect(DB_PATH)


def last_message(chat_id):
    cur = sqlite3.connect(DB_PATH).cursor()
    cur.execute("SELECT body FROM messages WHERE chat = ? ORDER BY id DESC", (chat_id,))
    return cur.fetchone()


def member_count(chat_id):
    cur = connect().cursor()
    cur.execute("SELECT count(*) FROM members WHERE chat = ?", (chat_id,))
    return cur.fetchone()[0]


def start(chats):
    for chat in chats:
        threading.Thread(target=last_message, args=(chat,)).start()
