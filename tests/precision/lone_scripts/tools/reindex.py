"""Edge: started by the service itself (`subprocess.run` in service.py), so it
runs beside the request threads: its findings stand."""
import sqlite3


def main():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE hits SET indexed = 1")
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    main()
