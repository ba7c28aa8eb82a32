"""A command-line program that opens the wallet and saves it: the send script."""
import sys

from wallet import Storage, sync


def main():
    wallet = Storage(sys.argv[1])
    sync(wallet, int(sys.argv[2]))
    wallet.close()


if __name__ == "__main__":
    main()
