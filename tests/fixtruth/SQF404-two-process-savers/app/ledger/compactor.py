"""Compacts the ledger in the background (the tool's other program)."""
import sys

from ledger.store import save

if __name__ == "__main__":
    target, rounds = sys.argv[1], int(sys.argv[2])
    for i in range(rounds):
        save(target, {"by": "compactor", "round": i, "rows": list(range(4000))})
