import sys

from notebook.store import add_note, open_store


def main():
    conn = open_store(sys.argv[1])
    add_note(conn, sys.argv[2])


if __name__ == "__main__":
    main()
