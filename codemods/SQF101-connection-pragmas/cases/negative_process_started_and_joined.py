"""The nightly job runs each step in a process of its own, started and joined
before the next step: one process at a time writes the ledger, and nothing
in a step starts a thread. No pragma advice: nobody waits on the lock."""
import sqlite3
from multiprocessing import Process

LEDGER = "ledger.db"


def settle(day):
    with sqlite3.connect(LEDGER) as conn:
        conn.execute("UPDATE accounts SET balance = balance + pending WHERE day = ?", (day,))
        conn.execute("UPDATE accounts SET pending = 0 WHERE day = ?", (day,))


def run_steps(days):
    for day in days:
        step = Process(target=settle, args=(day,))
        step.start()
        step.join()


if __name__ == "__main__":
    run_steps(["mon", "tue"])
