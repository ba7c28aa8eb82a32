"""The chat app's conversation store: one file, a connection per call."""
import sqlite3

DB = "chat.db"


def save_message(conversation_id, text):
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO messages (conversation_id, text) VALUES (?, ?)", (conversation_id, text))
    conn.commit()
    conn.close()
