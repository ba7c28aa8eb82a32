"""A plugin for a toolkit the outliner dropped years ago, kept in the tree
under `plugins/obsolete/`: nothing loads it. Its thread would refresh a menu
from the cache."""
import threading
import time

from outliner.cache import GlobalCache


def refresh_menu():
    cache = GlobalCache()
    while True:
        cache.put("menu", b"...")
        time.sleep(1)


def start():
    threading.Thread(target=refresh_menu, daemon=True).start()
