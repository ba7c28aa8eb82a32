"""The passes over several listings run in four worker processes at once,
each writing the one cache file: the pragma advice stays."""
from concurrent.futures import ProcessPoolExecutor

from pipeline import run_pass


def main(listings):
    with ProcessPoolExecutor(max_workers=4) as pool:
        for done in pool.map(run_pass, listings):
            print(done)


if __name__ == "__main__":
    main(["a.txt", "b.txt", "c.txt"])
