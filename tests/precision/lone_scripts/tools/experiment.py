"""A script run by hand to try a query: a `__main__` guard, nothing names it.
No finding."""
import sqlite3


def main():
    conn = sqlite3.connect("app.db")
    try:
        conn.execute("INSERT INTO hits DEFAULT VALUES")
    except sqlite3.Error:
        print("failed")
    conn.commit()


if __name__ == "__main__":
    main()
