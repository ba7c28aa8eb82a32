"""A plain module: nothing here mentions the database or runs anything concurrently."""
from . import ledger


def record(entry):
    ledger.save(entry)
