import sqlite3
import threading

from store.ledger import rebuild_totals, record


def test_concurrent_records_all_land(tmp_path):
    path = str(tmp_path / "l.db")
    workers = [threading.Thread(target=record, args=("a", n, path)) for n in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def test_rebuild_beside_a_writer(tmp_path):
    conn = sqlite3.connect(str(tmp_path / "l.db"), check_same_thread=False)

    def rebuild():
        rebuild_totals(conn)

    t = threading.Thread(target=rebuild)
    t.start()
    t.join()
