"""The application itself: a download daemon keeps its saved archive
passwords one per line, rewrites the list after each extraction on worker
threads and reloads it at start. Reported (its own store, beside the
installed copies in `deps/`)."""
import os
import threading
import time

from deps.eggtool.command import package

PASSWORDS = os.path.join(os.path.expanduser("~/.dld"), "passwords.txt")


class Extractor:
    def __init__(self):
        self.passwords = []
        self.reload()

    def reload(self):
        try:
            with open(PASSWORDS) as f:
                self.passwords = [p for p in f.read().splitlines() if p]
        except OSError:
            self.passwords = []

    def remember(self, password):
        if password in self.passwords:
            return
        self.passwords.insert(0, password)
        with open(PASSWORDS, "w") as f:
            for p in self.passwords:
                f.write(p + "\n")

    def extract(self, archive):
        self.remember(archive.password)


def main():
    print("packaging", package.version())
    extractor = Extractor()
    while True:
        for archive in []:
            threading.Thread(target=extractor.extract, args=(archive,)).start()
        time.sleep(5)


if __name__ == "__main__":
    main()
