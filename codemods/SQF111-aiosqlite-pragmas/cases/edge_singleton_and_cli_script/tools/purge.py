import sqlite3

from settings import DB_PATH


def main():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("DELETE FROM jobs WHERE done = 1")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
