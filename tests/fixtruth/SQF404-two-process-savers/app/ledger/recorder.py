"""Records entries as they arrive (one of the tool's two programs)."""
import sys

from ledger.store import save

if __name__ == "__main__":
    target, rounds = sys.argv[1], int(sys.argv[2])
    for i in range(rounds):
        save(target, {"by": "recorder", "round": i, "rows": list(range(4000))})
