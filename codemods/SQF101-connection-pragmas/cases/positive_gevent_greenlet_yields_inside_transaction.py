# The honeypot patched by gevent again, but each handler writes its event and
# then reports it to a collector over the network before it commits. The
# network call yields to another greenlet while this one holds the write lock;
# that greenlet's write meets the lock, and its busy wait (in C) blocks the
# whole process until the timeout ends with "database is locked"
# (F-gevent-no-yield). The greenlets are a second party again: reported.
from gevent import monkey

monkey.patch_all()

import socket
import sqlite3
import threading

import requests

EVENTS = "events.db"


def record(peer, payload):
    conn = sqlite3.connect(EVENTS)
    conn.execute("INSERT INTO events (peer, payload) VALUES (?, ?)", (peer, payload))
    requests.post("https://collector.example.com/events", json={"peer": peer})
    conn.commit()
    conn.close()


def handle(client, peer):
    data = client.recv(4096)
    record(peer, data)
    client.sendall(b"220 ok\r\n")
    client.close()


def serve(port):
    server = socket.socket()
    server.bind(("0.0.0.0", port))
    server.listen(100)
    while True:
        client, peer = server.accept()
        threading.Thread(target=handle, args=(client, peer[0]), daemon=True).start()
