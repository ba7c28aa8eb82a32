from concurrent.futures import ThreadPoolExecutor

from store import audit, ledger


def evaluate(sample):
    audit.record(sample, "evaluated")
    return sample * 2


def run_all(samples):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(evaluate, samples))


def settle(amount):
    ledger().add(amount)


def settle_all(amounts):
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.map(settle, amounts)
