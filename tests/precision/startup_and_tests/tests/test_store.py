"""A test building a fixture database: no second party."""
import sqlite3
import threading


def test_fixture(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    with conn:
        conn.execute("INSERT INTO kv VALUES (1, 2)")
        (tmp_path / "trace.jsonl").write_text("{}")
    conn.close()
    threading.Thread(target=print).start()
