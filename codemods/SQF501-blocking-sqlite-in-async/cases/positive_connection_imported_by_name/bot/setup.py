"""The bot's database, opened once at import: a connection and one cursor that
every handler module imports by name."""
import sqlite3

con = sqlite3.connect("bot.db")
cursor = con.cursor()
cursor.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, balance INTEGER)")
con.commit()
