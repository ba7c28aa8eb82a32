"""Edge: a script that imports the threaded server runs its threads too."""
import sqlite3

import server


def main():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("INSERT INTO hits DEFAULT VALUES")
        conn.commit()
    finally:
        conn.close()
    server.serve()


if __name__ == "__main__":
    main()
