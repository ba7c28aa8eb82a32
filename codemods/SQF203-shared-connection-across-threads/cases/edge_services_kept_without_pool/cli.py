"""The same kept services, used by a command-line program on its one thread:
nothing runs them elsewhere, so keeping them is fine (not reported). A
different class of the program does own a pool, for downloads that never touch
the services."""
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.request import urlopen

from mixins import ServicesMixin


class Downloader:
    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=4)

    def fetch_all(self, urls):
        return [f.result() for f in [self.pool.submit(urlopen, u) for u in urls]]


class ShelfCli(ServicesMixin):
    def __init__(self):
        self.setup_services(0)

    def run(self, args):
        for title in args:
            self.shelves.shelve(title, "inbox")


if __name__ == "__main__":
    ShelfCli().run(sys.argv[1:])
