"""The bot's database wrapper: one instance, made at import, holds the
program's only connection to the file."""
import sqlite3


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.cursor = self.conn.cursor()

    def get_user(self, user_id):
        self.cursor.execute("SELECT name, city FROM users WHERE id = ?", (user_id,))
        return self.cursor.fetchone()

    def add_user(self, user_id, name):
        self.cursor.execute("INSERT OR IGNORE INTO users (id, name) VALUES (?, ?)", (user_id, name))
        self.conn.commit()

    def set_city(self, user_id, city):
        self.cursor.execute("UPDATE users SET city = ? WHERE id = ?", (city, user_id))
        self.conn.commit()


db = Database("users.db")
