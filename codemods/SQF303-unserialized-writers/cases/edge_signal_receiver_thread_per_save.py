"""Callbacks called per event that start a writer each time: a signal receiver
starting a thread per saved object, and a done callback starting a task per
finished download. Both report at the start. A receiver that waits for its
write (`.result()`) and a listener that only logs are left alone."""

import asyncio
import sqlite3
import threading

from blinker import signal

saved = signal("saved")
LOOP = asyncio.new_event_loop()


def record_audit(obj_id):
    conn = sqlite3.connect("audit.db")
    with conn:
        conn.execute("INSERT INTO audit (obj_id) VALUES (?)", (obj_id,))
    conn.close()


async def mark_done(url):
    conn = sqlite3.connect("audit.db")
    with conn:
        conn.execute("UPDATE downloads SET done = 1 WHERE url = ?", (url,))
    conn.close()


@saved.connect
def on_saved(sender, obj_id):
    threading.Thread(target=record_audit, args=(obj_id,)).start()


def on_download_finished(fut):
    asyncio.ensure_future(mark_done(fut.result()))


def on_download_waited(fut):
    asyncio.run_coroutine_threadsafe(mark_done(fut.result()), LOOP).result()


def on_download_logged(fut):
    print("finished", fut.result())


async def fetch_all(urls, fetch):
    for url in urls:
        task = asyncio.ensure_future(fetch(url))
        task.add_done_callback(on_download_finished)
        task.add_done_callback(on_download_logged)
        task.add_done_callback(on_download_waited)
