import threading

from .drivers import Sqlite


def add(title):
    conn = Sqlite().connect()
    conn.execute("INSERT INTO books(title) VALUES (?)", (title,))
    conn.commit()
    conn.close()


def main():
    for title in ("a", "b", "c"):
        threading.Thread(target=add, args=(title,)).start()


if __name__ == "__main__":
    main()
