import sys

from shop.catalog import Catalog
from shop.stock import Counter, Ledger, Shelf


def main():
    catalog = Catalog("shop.db")
    catalog.add(sys.argv[1], sys.argv[2])
    print(catalog.names(), Counter("shop.db").count())
    Ledger("shop.db").credit(sys.argv[1], 1)
    Shelf("shop.db").place(sys.argv[1], "A1")


if __name__ == "__main__":
    main()
