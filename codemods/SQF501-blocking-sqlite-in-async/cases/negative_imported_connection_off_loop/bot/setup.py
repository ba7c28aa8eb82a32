import sqlite3

con = sqlite3.connect("bot.db")
cursor = con.cursor()
