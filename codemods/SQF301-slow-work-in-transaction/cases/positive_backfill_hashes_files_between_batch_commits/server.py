"""The library web app: readers' requests write library.db."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB_FILE = "library.db"


@app.post("/books/<int:book_id>/read")
def mark_read(book_id):
    conn = sqlite3.connect(DB_FILE, timeout=5)
    conn.execute("UPDATE books SET last_read = ? WHERE id = ?", (request.json["at"], book_id))
    conn.commit()
    conn.close()
    return {"ok": True}


if __name__ == "__main__":
    app.run()
