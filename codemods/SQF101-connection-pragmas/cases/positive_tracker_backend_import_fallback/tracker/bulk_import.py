import csv
import sys

from tracker.backend import Backend
from tracker.web import DB


def main():
    backend = Backend(DB)
    with open(sys.argv[1]) as f:
        for row in csv.reader(f):
            backend.create_issue(row[0], row[1])


if __name__ == "__main__":
    main()
