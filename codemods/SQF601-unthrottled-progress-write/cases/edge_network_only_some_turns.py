"""Edge: the network call runs only on some turns (a cache miss) or the pause
is short: most turns are cheap, so the per-item progress write is still a
storm and is reported."""

import sqlite3
import time

import requests

conn = sqlite3.connect("imports.db")
cache = {}


def resize(image):
    return image[::2]


def import_images(job_id, urls):
    done = 0
    for url in urls:
        if url not in cache:
            cache[url] = requests.get(url, timeout=30).content
        resize(cache[url])
        done += 1
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (done, job_id))
        conn.commit()


def shrink_all(job_id, images):
    for i, image in enumerate(images):
        resize(image)
        time.sleep(0.05)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (i, job_id))
        conn.commit()
