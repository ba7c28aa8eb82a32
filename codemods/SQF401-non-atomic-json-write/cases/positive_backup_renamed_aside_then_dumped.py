"""A web app keeps its rooms in one JSON file that every request thread reads.
The save moves the file aside to a backup, dumps the new rooms into the real
name, then checks the result and puts the backup back if it does not parse.
Between the move and the last byte a reader finds no file, then a cut one, and
a crash in that window leaves it so: the backup only helps a person who knows
about it (F-backup-then-write). Both spellings of the backup's name are the
same write in place: `path + ".bkp"` checked for first, and
`path.replace(".json", ".bkp")` (a string's replace, which moves nothing)."""
import json
import logging
import os
import threading

log = logging.getLogger(__name__)

ROOMS_FILE = os.path.join(os.path.dirname(__file__), "rooms.json")
MEMBERS_FILE = os.path.join(os.path.dirname(__file__), "members.json")
_lock = threading.Lock()


def read_json(path):
    with open(path) as f:
        return json.load(f)


def save_rooms(content):
    backup = ROOMS_FILE + ".bkp"
    with _lock:
        if os.path.exists(backup):
            os.remove(backup)
        os.rename(ROOMS_FILE, backup)
        with open(ROOMS_FILE, "w") as f:
            json.dump(content, f, indent=4)
        try:
            json.load(open(ROOMS_FILE))
        except:
            os.rename(backup, ROOMS_FILE)
            log.error("rooms file did not parse; backup restored")


def save_members(path, content):
    with _lock:
        os.rename(path, path.replace(".json", ".bkp"))
        with open(path, "w") as f:
            json.dump(content, f, indent=4)
        try:
            json.load(open(path))
        except:
            os.rename(path.replace(".json", ".bkp"), path)
            log.error("members file did not parse; backup restored")


def add_room(name):
    rooms = read_json(ROOMS_FILE)
    rooms[name] = {"members": []}
    save_rooms(rooms)


def join(room, user):
    members = read_json(MEMBERS_FILE)
    members.setdefault(room, []).append(user)
    save_members(MEMBERS_FILE, members)
