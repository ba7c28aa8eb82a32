"""Load-modify-save of a status file on worker threads, under a lock taken with
acquire() and released in finally: concurrent calls do not interleave."""
import json
import threading
from concurrent.futures import ThreadPoolExecutor

_status_lock = threading.Lock()
pool = ThreadPoolExecutor(4)


def record(path, phase):
    if not _status_lock.acquire(blocking=False):
        return None
    try:
        with open(path) as f:
            status = json.load(f)
        status["phase"] = phase
        with open(path, "w") as f:
            json.dump(status, f)
        return status
    finally:
        _status_lock.release()


pool.submit(record, "status.json", "fetching")
