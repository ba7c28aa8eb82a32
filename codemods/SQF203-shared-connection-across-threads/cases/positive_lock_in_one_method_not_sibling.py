"""A search index takes its lock around the cached term lookup but not around
the wildcard expansion that runs on the same cursor first."""
import sqlite3
import threading


class TermIndex:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.conn.cursor()
        self.lock = threading.RLock()
        self.cache = {}

    def _postings(self, term):
        with self.lock:
            if term not in self.cache:
                self.cursor.execute("SELECT doc FROM postings WHERE term = ?", (term,))
                self.cache[term] = [r[0] for r in self.cursor.fetchall()]
            return self.cache[term]

    def _expand(self, term):
        if not term.endswith("*"):
            return [term]
        self.cursor.execute("SELECT term FROM terms WHERE term LIKE ?", (term[:-1] + "%",))
        return [r[0] for r in self.cursor.fetchall()]

    def search(self, terms):
        docs = set()
        for term in terms:
            for t in self._expand(term):
                docs.update(self._postings(t))
        return sorted(docs)
