"""A live plugin: the outliner loads it, and its thread saves the cursor into
the global cache every few seconds while the main thread writes the same file.
It is the second party the finding names, not the obsolete plugin beside it."""
import threading
import time

from outliner.cache import GlobalCache


def autosave():
    cache = GlobalCache()
    while True:
        cache.put("cursor", b"12:4")
        time.sleep(5)


def start():
    threading.Thread(target=autosave, daemon=True).start()
