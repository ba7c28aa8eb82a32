import sqlite3
import threading

DB = "notes.db"


def save(note):
    conn = sqlite3.connect(DB, timeout=30)
    try:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (note,))
        conn.execute("UPDATE stats SET count = count + 1")
        conn.commit()
    finally:
        conn.close()


def serve(queue):
    while True:
        save(queue.get())


if __name__ == "__main__":
    import queue

    q = queue.Queue()
    for _ in range(4):
        threading.Thread(target=serve, args=(q,)).start()
