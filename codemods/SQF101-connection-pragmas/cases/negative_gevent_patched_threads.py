# A honeypot patched by gevent: every "thread" is a greenlet of one OS thread.
# Each handler writes one event and commits before it next touches the network,
# and the sqlite3 module never yields to gevent, so no greenlet is ever inside
# the file while another holds its lock (F-gevent-no-yield): there is no second
# party for WAL or a busy timeout to serve.
from gevent import monkey

monkey.patch_all()

import socket
import sqlite3
import threading

EVENTS = "events.db"


def record(peer, payload):
    conn = sqlite3.connect(EVENTS)
    conn.execute("INSERT INTO events (peer, payload) VALUES (?, ?)", (peer, payload))
    conn.execute("UPDATE peers SET hits = hits + 1 WHERE peer = ?", (peer,))
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
