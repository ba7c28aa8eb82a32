"""The same store, but a tool of the program removes libraries: the method
runs, and its transaction can be left open (reported)."""
import threading

from store import DocsStore

store = DocsStore("docs.db")


def index(name, chunks):
    store.add_library(name, chunks)


def remove(name):
    store.remove_library(name)


def main():
    threading.Thread(target=index, args=("requests", ["a"]), daemon=True).start()
    index("flask", ["b"])
    remove("flask")


if __name__ == "__main__":
    main()
