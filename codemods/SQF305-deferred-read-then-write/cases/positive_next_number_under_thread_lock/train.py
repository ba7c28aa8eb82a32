import sys

from ledger.store import append_batch


def main():
    append_batch("epochs", [float(arg) for arg in sys.argv[1:]])


if __name__ == "__main__":
    main()
