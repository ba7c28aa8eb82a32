"""A helper writes on a connection its caller commits; the threaded caller is
where the lock belongs."""
import sqlite3
import threading


def _insert_page(conn, doc_id, page):
    conn.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))


def store_pages(path, doc_id, pages):
    conn = sqlite3.connect(path)
    for page in pages:
        _insert_page(conn, doc_id, page)
    conn.commit()
    conn.close()


def stage_rows(path, rows):
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO staging VALUES (?, ?)", rows)
    return conn


def start(path, docs):
    for doc_id, pages in docs:
        threading.Thread(target=store_pages, args=(path, doc_id, pages)).start()
        threading.Thread(target=stage_rows, args=(path, pages)).start()
