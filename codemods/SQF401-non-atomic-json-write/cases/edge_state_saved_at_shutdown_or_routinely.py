"""Two state files. The session file is written only from `on_quit` and its
reader goes on without it on a decode error: not reported. The queue file is
written at quit too, but also after every track change, and its reader
raises on a torn file: reported (one routine writer is enough)."""
import atexit
import json
import os

SESSION = os.path.expanduser("~/.local/share/player/session.json")
QUEUE = os.path.expanduser("~/.local/share/player/queue.json")


def load_session():
    try:
        with open(SESSION) as f:
            return json.load(f)
    except ValueError:
        return {}


def save_session(session):
    with open(SESSION, "w") as f:
        json.dump(session, f)


def load_queue():
    with open(QUEUE) as f:
        return json.load(f)


def save_queue(queue):
    with open(QUEUE, "w") as f:
        json.dump(queue, f)


class Player:
    def __init__(self):
        self.session = load_session()
        self.queue = load_queue()
        atexit.register(self.on_quit)

    def on_track_change(self, track):
        self.queue.append(track)
        save_queue(self.queue)

    def on_quit(self):
        save_session(self.session)
        save_queue(self.queue)


def main():
    player = Player()
    for track in range(100):
        player.on_track_change(track)


if __name__ == "__main__":
    main()
