"""The program: a server whose tools use the store; nothing calls the
store's removal method, so the transaction it would leave open never opens."""
import threading

from store import DocsStore

store = DocsStore("docs.db")


def index(name, chunks):
    store.add_library(name, chunks)


def main():
    threading.Thread(target=index, args=("requests", ["a"]), daemon=True).start()
    index("flask", ["b"])


if __name__ == "__main__":
    main()
