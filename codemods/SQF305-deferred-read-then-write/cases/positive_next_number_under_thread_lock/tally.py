import threading
import time

from ledger.store import append_entry


def beat(account):
    while True:
        append_entry(account, 1.0)
        time.sleep(30)


def main():
    for account in ("cpu", "gpu"):
        threading.Thread(target=beat, args=(account,), daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
