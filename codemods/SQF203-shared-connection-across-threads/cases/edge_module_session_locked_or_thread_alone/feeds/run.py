import threading
from concurrent.futures import ThreadPoolExecutor

from feeds import db


def main(items, fetch):
    threading.Thread(target=db.poll_forever, args=(fetch,), daemon=True).start()
    with ThreadPoolExecutor(8) as pool:
        pool.map(db.store_item, items)
