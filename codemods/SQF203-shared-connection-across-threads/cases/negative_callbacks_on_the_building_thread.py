"""Callbacks that stay on the thread that opened the connection: an MQTT
client driven by `loop_forever()` calls `on_message` on the calling thread; a
thread subclass opens its own store inside `run`; a watchdog handler connects
per event."""
import sqlite3
import threading

import paho.mqtt.client as mqtt
from watchdog.events import FileSystemEventHandler

LOG = sqlite3.connect("events.db")


def log_event(client, userdata, message):
    LOG.execute("INSERT INTO events (topic) VALUES (?)", (message.topic,))
    LOG.commit()


def serve(host):
    client = mqtt.Client()
    client.on_message = log_event
    client.connect(host)
    client.loop_forever()


class Tally:
    def __init__(self, path):
        conn = sqlite3.connect(path)
        self.conn = conn

    def bump(self, key):
        self.conn.execute("UPDATE counts SET n = n + 1 WHERE key = ?", (key,))
        self.conn.commit()


class Counter(threading.Thread):
    def __init__(self, path, keys):
        super().__init__()
        self.path = path
        self.keys = keys

    def run(self):
        tally = Tally(self.path)
        for key in self.keys:
            tally.bump(key)


class Indexer(FileSystemEventHandler):
    def __init__(self, path):
        self.path = path

    def on_modified(self, event):
        with sqlite3.connect(self.path) as conn:
            conn.execute("INSERT INTO changes VALUES (?)", (event.src_path,))
