import threading

from store import store


def process(doc_id, pages):
    store.save_pages(doc_id, pages)


def start(doc_id, pages):
    threading.Thread(target=process, args=(doc_id, pages), daemon=True).start()
