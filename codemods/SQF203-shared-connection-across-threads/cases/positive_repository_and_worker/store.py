import sqlite3


class DocumentStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")

    def save_pages(self, doc_id, pages):
        cur = self.conn.cursor()
        for n, text in enumerate(pages):
            cur.execute("INSERT INTO pages (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, text))
        self.conn.commit()

    def status(self, doc_id):
        return self.conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()


store = DocumentStore("documents.db")
