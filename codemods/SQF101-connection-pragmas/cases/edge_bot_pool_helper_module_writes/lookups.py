import sqlite3


def language_of(chat_id):
    with sqlite3.connect("members.db") as conn:
        row = conn.execute(
            "SELECT lang FROM members WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        conn.execute("UPDATE members SET lookups = lookups + 1 WHERE chat_id = ?", (chat_id,))
        conn.commit()
    return row[0] if row else "en"
