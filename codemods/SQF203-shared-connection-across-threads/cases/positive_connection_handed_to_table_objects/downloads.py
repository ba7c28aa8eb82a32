import time
from concurrent.futures import ThreadPoolExecutor

from cache import CacheDB


class Downloader:
    def __init__(self, cache_path):
        self.cache = CacheDB(cache_path)

    def fetch(self, ref):
        if self.cache.package_path(ref) is None:
            self.cache.add_recipe(ref, "/var/cache/" + ref)
        self.cache.touch_package(ref, time.time())

    def fetch_all(self, refs):
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(self.fetch, refs))
