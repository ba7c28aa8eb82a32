"""Edge: a script nothing names, but it starts threads of its own: they run
beside each other, so its findings stand."""
import sqlite3
import threading


def work():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("INSERT INTO hits DEFAULT VALUES")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    for _ in range(2):
        threading.Thread(target=work).start()  # expect: SQF602
