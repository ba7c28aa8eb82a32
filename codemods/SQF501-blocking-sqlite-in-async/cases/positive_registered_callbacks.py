"""An event bus whose coroutine invokes the sync callbacks registered on it:
every subscriber runs on the event loop. A subscriber that writes with sqlite3
blocks the loop for as long as it waits on the database lock. Subscribers
arrive through a method (`subscribe`) or are appended directly. Callbacks that
touch no database are not reported (the second bus)."""

import sqlite3

DB = "events.db"


class Bus:
    def __init__(self):
        self._listeners = []
        self._conn = sqlite3.connect(DB, check_same_thread=False)
        self._listeners.append(self._record)

    def subscribe(self, callback):
        self._listeners.append(callback)

    def _record(self, event):
        self._conn.execute("INSERT INTO seen(kind) VALUES (?)", (event["kind"],))
        self._conn.commit()

    async def publish(self, event):
        for listener in list(self._listeners):
            listener(event)


class Hooks:
    def __init__(self):
        self.hooks = []

    def register(self, hook):
        self.hooks.append(hook)

    async def fire(self, value):
        for hook in self.hooks:
            hook(value)


def save_event(event):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("INSERT INTO events(kind) VALUES (?)", (event["kind"],))
    conn.close()


def log_event(event):
    print(event)


bus = Bus()
bus.subscribe(save_event)
bus.subscribe(log_event)
hooks = Hooks()
hooks.register(log_event)
