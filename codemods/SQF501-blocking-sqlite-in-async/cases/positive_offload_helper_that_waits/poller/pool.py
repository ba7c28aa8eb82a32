"""Generic "offload" helpers: each hands the callable to a thread pool, then
waits for its result, so the caller stands still until the work is done."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def run_in_pool(func, *args):
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(func, *args)
        return future.result()


def run_first(func, *args):
    executor = ThreadPoolExecutor(max_workers=2)
    futures = [executor.submit(func, *args)]
    for done in as_completed(futures):
        return done.result()


def run_waiting(func, *args):
    with ThreadPoolExecutor(max_workers=1) as executor:
        future = executor.submit(func, *args)
        for done in as_completed([future]):
            return done.result()
