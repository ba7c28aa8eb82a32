import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_off_loop(func):
    """Makes a sync function awaitable by running it on a fresh thread pool."""

    async def wrapper(*args, **kwargs):
        with ThreadPoolExecutor() as executor:
            future = executor.submit(func, *args, **kwargs)
            while future.running():
                await asyncio.sleep(0.1)
            return future.result()

    return wrapper
