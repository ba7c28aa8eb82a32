"""A one-shot command-line tool: the connection is opened for any thread, but
the program never starts one, so nobody else uses the object's cursor."""
import argparse
import sqlite3


class Bookmarks:
    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._cur = self._db.cursor()

    def add(self, url, title):
        self._cur.execute("INSERT INTO marks (url, title) VALUES (?, ?)", (url, title))
        self._db.commit()

    def search(self, word):
        self._cur.execute("SELECT url, title FROM marks WHERE title LIKE ?", (f"%{word}%",))
        return self._cur.fetchall()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("word")
    args = parser.parse_args()
    marks = Bookmarks("marks.db")
    for url, title in marks.search(args.word):
        print(title, url)


if __name__ == "__main__":
    main()
