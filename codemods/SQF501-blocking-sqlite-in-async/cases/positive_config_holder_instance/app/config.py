"""A settings holder whose constructor opens the database: one instance at
module level, its connection and cursor used directly by the cogs."""
import sqlite3


class Config:
    def __init__(self, path="bot.db"):
        self.prefix = "!"
        self.con = sqlite3.connect(path)
        self.cursor = self.con.cursor()


config = Config()
