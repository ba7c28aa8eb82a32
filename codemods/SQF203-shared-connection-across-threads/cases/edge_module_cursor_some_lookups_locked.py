"""Worker threads run three lookups on the module cursor; one of them takes the
module lock, the other two do not. The connection's finding stays one root, with
a site for each unlocked lookup only: the locked one still meets the others on
the cursor, which the connection's lock fix settles."""
import sqlite3
import threading

conn = sqlite3.connect("inventory.db", check_same_thread=False)
cur = conn.cursor()
lock = threading.Lock()


def stock(sku):
    cur.execute("SELECT qty FROM stock WHERE sku = ?", (sku,))
    return cur.fetchone()


def price(sku):
    cur.execute("SELECT price FROM prices WHERE sku = ?", (sku,))
    return cur.fetchone()


def location(sku):
    with lock:
        cur.execute("SELECT shelf FROM places WHERE sku = ?", (sku,))
        return cur.fetchone()


def report(sku):
    print(sku, stock(sku), price(sku), location(sku))


def report_all(skus):
    workers = [threading.Thread(target=report, args=(s,)) for s in skus]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    report_all(["A1", "B2", "C3"])
