"""Two threading HTTP servers done right: one serializes the shared cursor with a
lock, the other opens a connection per request."""
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Inventory:
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.db.cursor()
        self.lock = threading.Lock()

    def count(self, sku):
        with self.lock:
            self.cursor.execute("SELECT n FROM stock WHERE sku = ?", (sku,))
            return self.cursor.fetchone()


inventory = Inventory("stock.db")


class StockHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.wfile.write(repr(inventory.count("a1")).encode())


def open_orders():
    return sqlite3.connect("orders.db", timeout=10)


class OrderHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        conn = open_orders()
        try:
            with conn:
                conn.execute("INSERT INTO orders(sku) VALUES (?)", ("a1",))
        finally:
            conn.close()


def serve():
    ThreadingHTTPServer(("127.0.0.1", 8081), StockHandler).serve_forever()
    ThreadingHTTPServer(("127.0.0.1", 8082), OrderHandler).serve_forever()
