"""Every day's step is started before any is joined: the processes write the
ledger at the same time, each waiting on the others' lock. Reported."""
import sqlite3
from multiprocessing import Process

LEDGER = "ledger.db"


def settle(day):
    with sqlite3.connect(LEDGER) as conn:
        conn.execute("UPDATE accounts SET balance = balance + pending WHERE day = ?", (day,))
        conn.execute("UPDATE accounts SET pending = 0 WHERE day = ?", (day,))


def run_steps(days):
    steps = []
    for day in days:
        step = Process(target=settle, args=(day,))
        step.start()
        steps.append(step)
    for step in steps:
        step.join()


if __name__ == "__main__":
    run_steps(["mon", "tue"])
