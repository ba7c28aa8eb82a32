"""Download threads that never open the database are nobody's second party for
it: the finding names the request threads that do use it."""
import sqlite3
import threading
import urllib.request

from flask import Flask

app = Flask(__name__)


def get_db():
    return sqlite3.connect("media.db")


def process_download(url, dest):
    with urllib.request.urlopen(url) as response, open(dest, "wb") as out:
        out.write(response.read())


@app.post("/download")
def download():
    threading.Thread(target=process_download, args=("http://example.com/a", "a.bin")).start()
    conn = get_db()
    conn.execute("INSERT INTO downloads (url) VALUES (?)", ("http://example.com/a",))
    conn.commit()
    conn.close()
    return {"ok": True}
