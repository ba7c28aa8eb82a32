"""The indexer's connection switches the file to WAL and writes; the search
object's connection only reads: in WAL it waits on no writer and commits
nothing, so it needs neither `synchronous` nor a wait of its own (quiet). The
lookup object hands its connection out, so what runs on it is not known here:
reported."""
import sqlite3
import threading


class Indexer:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.lock = threading.Lock()

    def add(self, doc_id, body):
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO docs VALUES (?, ?)", (doc_id, body))
            self.conn.commit()


class Search:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row

    def find(self, word):
        cur = self.conn.execute("SELECT id FROM docs WHERE body LIKE ?", (f"%{word}%",))
        return [row["id"] for row in cur.fetchall()]


class Lookup:
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)

    def title(self, doc_id):
        return self.db.execute("SELECT title FROM docs WHERE id = ?", (doc_id,)).fetchone()

    def connection(self):
        return self.db


def crawl(indexer, pages):
    for doc_id, body in pages:
        indexer.add(doc_id, body)


def main(pages):
    indexer = Indexer("search.db")
    search = Search("search.db")
    lookup = Lookup("search.db")
    threading.Thread(target=crawl, args=(indexer, pages)).start()
    print(search.find("sqlite"), lookup.title(1))
