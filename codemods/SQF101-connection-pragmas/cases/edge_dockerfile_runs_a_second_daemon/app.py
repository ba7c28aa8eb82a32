import time

from init_db import init_db
from watcher import check

init_db()

URLS = ["https://example.com/jobs"]

if __name__ == "__main__":
    while True:
        check(URLS)
        time.sleep(60)
