"""One caller passes a SQLite file, another a server database: likely SQLite."""
import os
import threading
import time

from svc import db


def probe_loop():
    while True:
        db.record_probe("ok")
        time.sleep(30)


def main():
    if os.environ.get("PROD"):
        db.init_db("postgresql://monitor@db/monitor")
    else:
        db.init_db("sqlite:///data/monitor.db")
    for _ in range(3):
        threading.Thread(target=probe_loop, daemon=True).start()
    while True:
        db.record_probe("main")
        time.sleep(5)


if __name__ == "__main__":
    main()
