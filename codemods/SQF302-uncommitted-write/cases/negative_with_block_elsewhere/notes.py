import db


def add(text):
    db.conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))


def add_all(texts):
    with db.conn:
        for text in texts:
            add(text)
