import pickle
from pathlib import Path

CACHE_DIR = Path.home() / ".cache" / "fmt"


def get_cache_file(mode):
    return CACHE_DIR / f"cache.{mode}.pickle"


def read_cache(mode):
    cache_file = get_cache_file(mode)
    if not cache_file.exists():
        return {}
    with cache_file.open("rb") as fobj:
        try:
            cache = pickle.load(fobj)
        except (pickle.UnpicklingError, ValueError):
            return {}
    return cache


def write_cache(cache, sources, mode):
    cache_file = get_cache_file(mode)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        new_cache = {**cache, **{s: 1 for s in sources}}
        pickle.dump(new_cache, cache_file.open("wb"), protocol=4)
    except OSError:
        pass
