"""Each pass of the pipeline runs in a fresh process of a pool with a single
worker, and the scheduler waits for it before sleeping and starting the next
pass: passes never overlap, and nothing inside a pass starts a thread."""
import time
from concurrent.futures import ProcessPoolExecutor

from pipeline import run_pass


def main():
    while True:
        with ProcessPoolExecutor(max_workers=1) as pool:
            pool.submit(run_pass, "jobs.txt").result()
        time.sleep(60)


if __name__ == "__main__":
    main()
