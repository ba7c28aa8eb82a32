import sqlite3

con = sqlite3.connect("notes.db")
cursor = con.cursor()
