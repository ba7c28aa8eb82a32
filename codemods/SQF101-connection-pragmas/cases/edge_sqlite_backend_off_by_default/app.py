"""Worker threads record events in whichever store the configuration picks."""
import threading

import yaml

from mysql_store import MySQLStore
from sqlite_store import SQLiteStore


def make_store(cfg):
    if cfg["db_type"] == "sqlite":
        return SQLiteStore(cfg.get("path", "events.db"))
    return MySQLStore(cfg["host"], cfg["name"])


def worker(store, n):
    for i in range(n):
        store.add(f"event-{i}")


def main():
    with open("config.yaml") as f:
        cfg = yaml.safe_load(f)["database"]
    store = make_store(cfg)
    threads = [threading.Thread(target=worker, args=(store, 100)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
