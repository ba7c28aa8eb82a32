"""Only the update thread touches the session: it loads it (opening the
connection on that thread) and is its only user; the workers get plain dicts."""
import queue
import threading

from storage import SQLiteSession


class Client:
    def __init__(self, name):
        self.session = SQLiteSession(name)
        self.updates = queue.Queue()

    def start(self):
        threading.Thread(target=self._update_loop, daemon=True).start()
        for _ in range(4):
            threading.Thread(target=self._worker, daemon=True).start()

    def _update_loop(self):
        self.session.load()
        while True:
            update = self._receive()
            self.session.set_state(update["pts"], update["date"])
            self.session.process_peers(update.get("peers", []))
            self.session.save()
            self.updates.put(update)

    def _worker(self):
        while True:
            update = self.updates.get()
            print(update["pts"])

    def _receive(self):
        return {"pts": 1, "date": 0, "peers": []}
