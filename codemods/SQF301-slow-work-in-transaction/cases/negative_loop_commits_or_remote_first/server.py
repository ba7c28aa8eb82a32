"""The live notes service: every request writes notes.db."""
import sqlite3

import requests
from flask import Flask, request

app = Flask(__name__)
DB_FILE = "notes.db"
SEARCH = "http://search.internal:7700"


@app.post("/notes")
def add_note():
    conn = sqlite3.connect(DB_FILE)
    conn.execute("INSERT INTO notes (body) VALUES (?)", (request.json["body"],))
    conn.commit()
    conn.close()
    return {"ok": True}


if __name__ == "__main__":
    app.run()
