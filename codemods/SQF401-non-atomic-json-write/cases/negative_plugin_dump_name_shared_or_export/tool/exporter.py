"""Writes through whichever object it is given: the format's `dump` or the
event log's. Nothing in the project reads these files back either."""
import sys

from tool.formats import EventLog, JsonFormat


def write(filename, data, writer):
    with open(filename, "w") as f:
        writer.dump(data, f)


def main():
    data = {"rows": sys.argv[2:]}
    write(sys.argv[1], data, JsonFormat())
    write(sys.argv[1] + ".log", data, EventLog())


if __name__ == "__main__":
    main()
