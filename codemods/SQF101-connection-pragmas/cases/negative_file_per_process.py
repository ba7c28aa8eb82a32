"""Every crawler process writes its own shard, named by its process id, and
the shards are merged later: no other process opens a shard, so no shard
connection waits on another."""
import multiprocessing
import os
import sqlite3


def crawl(urls):
    shard = sqlite3.connect(f"shards/part_{os.getpid()}.db")
    for url in urls:
        shard.execute("INSERT INTO pages (url) VALUES (?)", (url,))
        shard.execute("UPDATE stats SET pages = pages + 1")
    shard.commit()
    shard.close()


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(crawl, [["a"], ["b"], ["c"]])
