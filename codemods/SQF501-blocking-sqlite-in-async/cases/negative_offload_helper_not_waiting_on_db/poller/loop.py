"""The waiting helper runs only CPU work here; the database write goes through
a helper that does not wait for it."""
import hashlib

from .pool import fire_and_forget, run_in_pool
from .store import mark_polled


def digest(body):
    return hashlib.sha256(body).hexdigest()


async def on_fetched(feed_id, body):
    key = run_in_pool(digest, body)
    fire_and_forget(mark_polled, feed_id)
    return key
