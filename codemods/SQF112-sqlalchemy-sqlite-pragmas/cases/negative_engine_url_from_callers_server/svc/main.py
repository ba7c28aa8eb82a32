import threading
import time

from svc import db

DB_URL = "postgresql://monitor@db/monitor"


def probe_loop():
    while True:
        db.record_probe("ok")
        time.sleep(30)


def main():
    db.init_db(DB_URL)
    for _ in range(3):
        threading.Thread(target=probe_loop, daemon=True).start()
    while True:
        db.record_probe("main")
        time.sleep(5)


if __name__ == "__main__":
    main()
