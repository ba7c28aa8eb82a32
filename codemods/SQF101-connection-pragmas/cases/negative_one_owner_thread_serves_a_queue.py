"""A client whose every query goes through one SQL thread: the thread opens the
file, then answers requests from a queue. The UI and network threads only put
requests on the queue and wait for the reply, so the connection never meets
another one on the file."""
import queue
import sqlite3
import threading


class SqlWorker(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.requests = queue.Queue()

    def run(self):
        conn = sqlite3.connect(self.path)
        while True:
            sql, params, reply = self.requests.get()
            if sql is None:
                break
            cur = conn.execute(sql, params)
            conn.commit()
            reply.put(cur.fetchall())
        conn.close()

    def query(self, sql, params=()):
        reply = queue.Queue()
        self.requests.put((sql, params, reply))
        return reply.get()


db = SqlWorker("wallet.db")


def network_loop():
    for height in range(1000):
        db.query("INSERT INTO headers (height) VALUES (?)", (height,))


def main():
    db.start()
    threading.Thread(target=network_loop, daemon=True).start()
    print(db.query("SELECT COUNT(*) FROM headers"))


if __name__ == "__main__":
    main()
