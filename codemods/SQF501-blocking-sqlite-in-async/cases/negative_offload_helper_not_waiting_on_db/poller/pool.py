from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=4)


def run_in_pool(func, *args):
    return POOL.submit(func, *args).result()


def fire_and_forget(func, *args):
    POOL.submit(func, *args)
