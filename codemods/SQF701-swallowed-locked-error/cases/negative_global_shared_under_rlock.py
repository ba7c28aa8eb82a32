"""One module-level connection shared by worker threads under an RLock: the
threads take turns on the one connection, and no other connection or process
opens stats.db."""
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)
conn = sqlite3.connect("stats.db", check_same_thread=False)
lock = threading.RLock()


def count(word):
    try:
        with lock:
            conn.execute("UPDATE words SET n = n + 1 WHERE word = ?", (word,))
            conn.commit()
    except sqlite3.OperationalError as e:
        log.warning("count of %s lost: %s", word, e)


def worker(words):
    for w in words:
        count(w)


if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(["a", "b"],)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
