"""A fixed `.tmp` name whose writer is called under a lock by one caller and
without it by another: the unlocked call can overlap a locked one, so the
shared name is still reported. A lock whose name says nothing of locking
(`guard.acquire()` on an unknown object) is not taken for one either."""

import json
import os
import threading

_lock = threading.Lock()


def _write_state(path, state):
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(state, fh)
    os.replace(tmp, path)


def save_locked(path, state):
    with _lock:
        _write_state(path, state)


def save_quick(path, state):
    _write_state(path, state)


def save_guarded(guard, path, state):
    guard.acquire()
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(state, fh)
    os.replace(tmp, path)
    guard.release()
