"""The connection allows other threads (`check_same_thread=False`), and the
program does start one, but that thread only pings a health endpoint and
never touches the connection: every write still runs on the main thread, so
there is no second writer to serialize against."""
import sqlite3
import threading
import time
import urllib.request

conn = sqlite3.connect("orders.db", check_same_thread=False)


def heartbeat():
    while True:
        urllib.request.urlopen("https://health.example/ping").close()
        time.sleep(60)


def place(order_id, qty):
    conn.execute("INSERT INTO orders (id, qty) VALUES (?, ?)", (order_id, qty))
    conn.execute("UPDATE stock SET qty = qty - ? WHERE id = 1", (qty,))
    conn.commit()


if __name__ == "__main__":
    threading.Thread(target=heartbeat, daemon=True).start()
    for i in range(10):
        place(i, 1)
