import threading
import time

from storage import LockedStore, PerThreadStore


def main():
    locked = LockedStore("a.db")
    per_thread = PerThreadStore("b.db")

    def watch():
        while True:
            locked.put("k", "v")
            per_thread.put("k", "v")
            time.sleep(1)

    def report():
        while True:
            print(locked.get("k"), per_thread.get("k"))
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()
    threading.Thread(target=report, daemon=True).start()
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
