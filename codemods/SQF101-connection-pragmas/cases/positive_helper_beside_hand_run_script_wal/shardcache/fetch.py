import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from .cache import RepoCache, default_uri


def network_worker(cache, queue):
    with ThreadPoolExecutor(max_workers=8) as ex, cache.copy() as cache:
        futures = [ex.submit(requests.get, url) for url in queue]
        for fut in futures:
            resp = fut.result()
            cache.insert(resp.url, resp.text)


def run(names, urls):
    cache = RepoCache(default_uri())
    t = threading.Thread(target=network_worker, args=(cache, urls))
    t.start()
    with cache.copy() as reader:
        for chunk in names:
            reader.batch(chunk)
    t.join()
