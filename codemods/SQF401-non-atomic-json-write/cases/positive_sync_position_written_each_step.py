"""A mirror sync loop records the serial it has reached after every step and
reads it back at start to resume. `write_text` truncates the status file
before writing the number: a kill or a full disk in between leaves it empty,
and the next start fails on `int('')`."""
from pathlib import Path

STATUS = Path("/var/lib/mirror/status")


def current_serial():
    if not STATUS.exists():
        return 0
    return int(STATUS.read_text().strip())


def changes_since(serial):
    return [(serial + 1, "pkg")]


def sync_forever():
    serial = current_serial()
    while True:
        for new_serial, name in changes_since(serial):
            mirror(name)
            serial = new_serial
            STATUS.write_text(str(serial))


def mirror(name):
    print(name)


class Position:
    """The same in a `with open(path, "w")` block with a `%d` format."""

    def __init__(self, path):
        self.path = path

    def load(self):
        with open("position.txt") as f:
            return int(f.read())

    def save(self, pos):
        with open("position.txt", "w") as f:
            f.write("%d\n" % pos)


def replay_forever():
    position = Position("position.txt")
    pos = position.load()
    while True:
        pos += 1
        position.save(pos)


if __name__ == "__main__":
    sync_forever()
    replay_forever()
