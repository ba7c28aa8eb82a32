import sqlite3
import urllib.request


def check(urls):
    conn = sqlite3.connect("watch.db")
    try:
        for url in urls:
            with urllib.request.urlopen(url) as response:
                title = response.read(200).decode(errors="replace")
            conn.execute("INSERT OR REPLACE INTO seen (url, title) VALUES (?, ?)", (url, title))
            conn.commit()
    finally:
        conn.close()
