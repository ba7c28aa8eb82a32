"""Starts the outliner: its autosave plugin, the cache, then the GUI loop."""
from outliner.cache import GlobalCache
from outliner.plugins import autosave


def main():
    autosave.start()
    cache = GlobalCache()
    cache.put("last-opened", b"notes.outline")
    print(cache.get("last-opened"))


if __name__ == "__main__":
    main()
