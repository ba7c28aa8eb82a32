import threading
import time

from ledger import database
from ledger.database import db, db_lock


def pull(remote):
    for entry in remote.entries():
        with db_lock:
            db.merge(entry)
            db.commit()


def count_forever(remote):
    while True:
        database.tally.add(remote.count())
        database.tally.commit()
        time.sleep(5)


class SyncWorker(threading.Thread):
    def __init__(self, remote):
        super().__init__(daemon=True)
        self.remote = remote

    def run(self):
        pull(self.remote)


def start(remote):
    SyncWorker(remote).start()
    threading.Thread(target=count_forever, args=(remote,), daemon=True).start()
