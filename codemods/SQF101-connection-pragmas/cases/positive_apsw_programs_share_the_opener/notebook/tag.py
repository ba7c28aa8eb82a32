import sys

from notebook.store import open_store


def main():
    conn = open_store(sys.argv[1])
    with conn:
        conn.execute("UPDATE notes SET tag = ? WHERE id = ?", (sys.argv[3], sys.argv[2]))


if __name__ == "__main__":
    main()
