import queue
import threading

from relay.archive import Archive
from relay.util.threads import launch


class Forwarder:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.inbox = queue.Queue()
        self.stop = threading.Event()

    def start(self):
        launch(self._drain, "drain", self.stop)

    def _drain(self):
        while not self.stop.is_set():
            self.archive.keep(self.inbox.get())


def main():
    forwarder = Forwarder(Archive("relay.db"))
    forwarder.start()
    forwarder.inbox.put("hello")


if __name__ == "__main__":
    main()
