import sqlite3

con = sqlite3.connect("app.db")
cursor = con.cursor()
