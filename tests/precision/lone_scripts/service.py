"""The service: request threads share app.db; every night it rebuilds the
index with the helper script it starts itself."""
import sqlite3
import subprocess
import threading


def handle():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("INSERT INTO hits DEFAULT VALUES")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


def reindex():
    subprocess.run(["python", "tools/reindex.py"], check=True)


def serve():
    for _ in range(4):
        threading.Thread(target=handle).start()  # expect: SQF602


if __name__ == "__main__":
    serve()
