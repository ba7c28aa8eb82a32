"""A project decorator that memoizes a route's response for a while."""
import functools
import time


def cached(seconds: int):
    def decorate(func):
        store = {}

        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            hit = store.get(key)
            if hit and hit[0] > time.monotonic():
                return hit[1]
            value = await func(*args, **kwargs)
            store[key] = (time.monotonic() + seconds, value)
            return value

        return wrapper

    return decorate
