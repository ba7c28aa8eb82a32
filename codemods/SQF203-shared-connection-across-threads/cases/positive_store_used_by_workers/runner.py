from concurrent.futures import ThreadPoolExecutor

from store import audit


def evaluate(sample):
    audit.record(sample, "evaluated")
    return sample * 2


def run_all(samples):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(evaluate, samples))
