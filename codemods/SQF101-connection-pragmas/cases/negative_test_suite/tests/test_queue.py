"""A test that holds the write lock on purpose (huey 3.5.4, tests/test_sql_huey.py):
test modules are not checked for connection configuration."""
import sqlite3
import threading


def test_waits_for_write_lock(path, queue):
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("begin immediate")
    t = threading.Timer(0.1, conn.execute, ("commit",))
    t.start()
    assert queue.dequeue() == b"a"
    t.join()
    conn.close()
