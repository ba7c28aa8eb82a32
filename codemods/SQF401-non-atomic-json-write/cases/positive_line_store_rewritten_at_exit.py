"""An IRC bot keeps its known users and its ignore list one name per line,
rewrites both in place every few minutes and at exit, and reads them back
line by line at start. A kill or a full disk after `open(..., "w")` has
truncated a file leaves only the names before the cut, and the next start
silently forgets the rest. The ignore list uses Python 2's `file()`."""
import atexit
import threading

USERS_FILE = "users.txt"
IGNORE_FILE = "ignores.txt"


class Bot:
    def __init__(self):
        self.users = set()
        self.ignores = []
        self.load()
        atexit.register(self.save)
        self.timer = threading.Timer(300, self.save)
        self.timer.start()

    def load(self):
        try:
            with open(USERS_FILE) as f:
                for line in f:
                    self.users.add(line.strip())
        except IOError:
            pass
        try:
            self.ignores = file(IGNORE_FILE).read().splitlines()
        except IOError:
            self.ignores = []

    def save(self):
        with open(USERS_FILE, "w") as f:
            for nick in sorted(self.users):
                f.write(nick + "\n")
        out = file(IGNORE_FILE, "w")
        for mask in self.ignores:
            out.write("%s\n" % mask)
        out.close()


if __name__ == "__main__":
    Bot()
