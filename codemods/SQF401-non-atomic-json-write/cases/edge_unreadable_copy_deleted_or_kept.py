"""Two readers of state files that catch the decode error: one hands the path
to a removal helper (`safe_unlink`) and fetches again (not reported), one hands
the same helper a different file and starts the list over from empty (the
state it held is lost: reported)."""
import json
import os

from .fs import safe_unlink

PEERS = "peers.json"
SEEN = "seen.json"


def load_peers(fetch):
    try:
        with open(PEERS) as f:
            return json.load(f)
    except json.JSONDecodeError:
        safe_unlink(PEERS)
    peers = fetch()
    with open(PEERS, "w") as f:
        json.dump(peers, f)
    return peers


def load_seen():
    try:
        with open(SEEN) as f:
            return json.load(f)
    except json.JSONDecodeError:
        safe_unlink(SEEN + ".lock")
        return []


def mark_seen(item):
    seen = load_seen()
    seen.append(item)
    with open(SEEN, "w") as f:
        json.dump(seen, f)
