"""The same rooms file saved safely: the current file is copied to a backup,
the new rooms go to a temporary name, and `os.replace` moves them over the real
name (F-atomic-replace), so a reader sees the old rooms or the new ones. A path
method's `replace(target)` (one argument) is that rename too. Not reported
here (the temporary's name is SQF404's business)."""
import json
import os
import shutil
import threading
from pathlib import Path

ROOMS_FILE = os.path.join(os.path.dirname(__file__), "rooms.json")
TOPICS = Path(__file__).with_name("topics.json")
_lock = threading.Lock()


def read_json(path):
    with open(path) as f:
        return json.load(f)


def save_rooms(content):
    with _lock:
        shutil.copy(ROOMS_FILE, ROOMS_FILE + ".bkp")
        tmp = ROOMS_FILE + ".%d.tmp" % os.getpid()
        with open(tmp, "w") as f:
            json.dump(content, f, indent=4)
        os.replace(tmp, ROOMS_FILE)


def save_topics(content):
    tmp = TOPICS.with_suffix(".tmp")
    with tmp.open("w") as f:
        json.dump(content, f)
    tmp.replace(TOPICS)


def add_room(name):
    rooms = read_json(ROOMS_FILE)
    rooms[name] = {"members": []}
    save_rooms(rooms)
    topics = read_json(TOPICS)
    topics[name] = ""
    save_topics(topics)
