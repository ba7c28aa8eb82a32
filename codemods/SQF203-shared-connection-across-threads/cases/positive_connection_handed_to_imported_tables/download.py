import time
from concurrent.futures import ThreadPoolExecutor

from pkgcache.database import CacheDatabase

CACHE = CacheDatabase("cache.sqlite3")


def download(ref):
    if CACHE.recipe_path(ref) is not None:
        CACHE.touch_recipe(ref, time.time())


def download_all(refs):
    pool = ThreadPoolExecutor(max_workers=8)
    futures = [pool.submit(download, ref) for ref in refs]
    for f in futures:
        f.result()
