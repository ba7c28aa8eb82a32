import sqlite3
from concurrent.futures import ThreadPoolExecutor

from pipeline import process_document

executor = ThreadPoolExecutor(max_workers=2)


def upload(path, name, jobs):
    conn = sqlite3.connect(path)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    future = executor.submit(process_document, path, cur.lastrowid)
    jobs.append(future)
    conn.commit()
    conn.close()
    return cur.lastrowid


def upload_checked(path, name):
    conn = sqlite3.connect(path)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    executor.submit(process_document, path, cur.lastrowid)
    if not name.endswith(".pdf"):
        raise ValueError("not a PDF")
    conn.commit()
    conn.close()
