import queue
import threading

from storage import SQLiteSession


class Client:
    def __init__(self, name):
        self.session = SQLiteSession(name)
        self.updates = queue.Queue()

    def start(self):
        self.session.load()
        threading.Thread(target=self._update_loop, daemon=True).start()
        for _ in range(4):
            threading.Thread(target=self._worker, daemon=True).start()

    def _update_loop(self):
        while True:
            update = self._receive()
            self.session.set_state(update["pts"], update["date"])
            self.session.save()
            self.updates.put(update)

    def _worker(self):
        while True:
            update = self.updates.get()
            self.session.process_peers(update.get("peers", []))
            self.session.save()

    def _receive(self):
        return {"pts": 1, "date": 0, "peers": []}

    def resolve(self, peer_id):
        return self.session.get_peer(peer_id)
