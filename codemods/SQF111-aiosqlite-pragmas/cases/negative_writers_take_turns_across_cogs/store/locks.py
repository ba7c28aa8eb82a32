import asyncio


class _Locks:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.lock = asyncio.Lock()
        return cls._instance


def get_lock():
    return _Locks().lock
