import logging
import os
import sqlite3

log = logging.getLogger(__name__)

DB_PATH = os.environ.get("POLLER_DB", "poller.db")
conn = sqlite3.connect(DB_PATH, check_same_thread=False, timeout=0.2)
conn.execute("CREATE TABLE IF NOT EXISTS prices (name TEXT PRIMARY KEY, price INTEGER, stale INTEGER)")
conn.execute("INSERT OR IGNORE INTO prices VALUES ('tea', 3, 0)")
conn.execute("INSERT OR IGNORE INTO prices VALUES ('cake', 5, 0)")
conn.commit()

# What the price service returns; a harness swaps in a failing source.
source = {"tea": 4, "cake": 6}


def fetch():
    if source is None:
        raise ConnectionError("price service unreachable")
    return dict(source)


def refresh():
    cur = conn.cursor()
    try:
        cur.execute("UPDATE prices SET stale = 1")
        prices = fetch()
        for name, price in prices.items():
            cur.execute("UPDATE prices SET price = ?, stale = 0 WHERE name = ?", (price, name))
        conn.commit()
    finally:
        cur.close()


def run(rounds):
    for _ in range(rounds):
        try:
            refresh()
        except Exception as e:
            log.warning("refresh failed: %s", e)
            continue


def set_price(name, price):
    """What a bot command does: a short write on a connection of its own."""
    other = sqlite3.connect(DB_PATH, timeout=0.2)
    try:
        other.execute("UPDATE prices SET price = ? WHERE name = ?", (price, name))
        other.commit()
    finally:
        other.close()


def prices():
    return [tuple(r) for r in conn.execute("SELECT name, price, stale FROM prices ORDER BY name")]
