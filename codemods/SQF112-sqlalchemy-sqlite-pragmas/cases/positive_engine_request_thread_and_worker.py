"""One engine with its default pool, used by the main thread and one worker
thread, each committing short transactions: two connections on one file.
Measured (bench/load/one_connection_p99.py --only engine): in the rollback
journal at synchronous=FULL the write p99 passes 100 ms, with or without a
pause between transactions, so the PRAGMA advice stays."""
import threading
import time

from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///jobs.db")


def worker():
    while True:
        with engine.begin() as conn:
            conn.execute(text("UPDATE jobs SET state = 'done' WHERE state = 'running'"))
        time.sleep(1)


def main():
    threading.Thread(target=worker, daemon=True).start()
    while True:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO jobs (state) VALUES ('running')"))
        time.sleep(0.5)


if __name__ == "__main__":
    main()
