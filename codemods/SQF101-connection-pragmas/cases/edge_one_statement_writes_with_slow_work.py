"""The same local server, but one route holds its transaction open across a
model call before committing: that writer can make the other wait past
milliseconds, so the finding keeps its full severity and confidence."""

import sqlite3

import requests
from flask import Flask, request

app = Flask(__name__)
DB = "agent_memory.db"


@app.post("/memory")
def remember():
    text = request.form["text"]
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO memory (text) VALUES (?)", (text,))
        summary = requests.post("http://127.0.0.1:11434/api/generate", json={"prompt": text})
        conn.execute("UPDATE memory SET summary = ? WHERE text = ?", (summary.text, text))
        conn.commit()
    finally:
        conn.close()
    return {"ok": True}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8765, threaded=True)
