"""A memoisation cache: the whole dictionary pickled into its file through a
file-lock helper opened "wb". The helper truncates the file once it holds the
lock and the dump refills it; a lookup that opens the file without the lock
(here the quick `peek`) reads an empty or cut pickle, which it does not
survive, and a kill mid-dump leaves the cache cut for every later run."""
import os
import pickle
import threading

import portalocker


class PickleCore:
    def __init__(self, cache_dir, func_name):
        self.lock = threading.RLock()
        self.cache_fpath = os.path.join(os.path.expanduser(cache_dir), func_name)

    def peek(self):
        with open(self.cache_fpath, "rb") as cf:
            return pickle.load(cf)

    def _get_cache(self):
        with self.lock:
            try:
                with portalocker.Lock(self.cache_fpath, mode="rb") as cf:
                    return pickle.load(cf)
            except FileNotFoundError:
                return {}

    def _save_cache(self, cache):
        with self.lock:
            with portalocker.Lock(self.cache_fpath, mode="wb", timeout=5) as cf:
                pickle.dump(cache, cf, protocol=4)

    def set_entry(self, key, value):
        with self.lock:
            cache = self._get_cache()
            cache[key] = value
            self._save_cache(cache)
