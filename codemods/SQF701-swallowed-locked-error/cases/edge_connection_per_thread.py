"""Every crawler thread opens its own connection to pages.db: as many writers
as threads, each able to hold the lock another one waits for. But each write is
one statement committed at once, among three threads of the program's own: a
writer waits milliseconds, inside the 5 s busy timeout, so no lock error reaches
the handler (docs/sqlite-facts.md#F-short-writers), and it is not reported."""
import sqlite3
import threading

DB_PATH = "pages.db"


def crawl(urls):
    conn = sqlite3.connect(DB_PATH)
    for url in urls:
        try:
            conn.execute("INSERT INTO pages (url) VALUES (?)", (url,))
            conn.commit()
        except sqlite3.OperationalError:
            pass
    conn.close()


if __name__ == "__main__":
    batches = [["a", "b"], ["c", "d"], ["e"]]
    threads = [threading.Thread(target=crawl, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
