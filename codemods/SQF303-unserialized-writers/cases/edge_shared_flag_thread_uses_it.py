"""The same shape with a thread that does use the shared connection: the
main thread's writes are reported, naming the thread function as the second
writer."""
import sqlite3
import threading
import time

conn = sqlite3.connect("orders.db", check_same_thread=False)


def restock():
    while True:
        conn.execute("UPDATE stock SET qty = qty + 5 WHERE id = 1")
        conn.execute("INSERT INTO restocks (qty) VALUES (5)")
        conn.commit()
        time.sleep(60)


def place(order_id, qty):
    conn.execute("INSERT INTO orders (id, qty) VALUES (?, ?)", (order_id, qty))
    conn.execute("UPDATE stock SET qty = qty - ? WHERE id = 1", (qty,))
    conn.commit()


if __name__ == "__main__":
    threading.Thread(target=restock, daemon=True).start()
    for i in range(10):
        place(i, 1)
