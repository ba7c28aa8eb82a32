"""A hook script starts one `threading.Thread` subclass per pushed payload;
each `run()` opens a connection, reads, does slow work whose errors it catches,
writes in a `try/except sqlite3.Error`, and closes at the end. The SELECT is not
guarded: when it fails ("database is locked" while another handler writes), the
exception skips the close and the connection, with what it holds, waits for the
garbage collector while the other handlers keep going."""
import json
import sqlite3
import subprocess
import sys
import threading

DB = "pushes.db"


class Handler(threading.Thread):
    def __init__(self, payload):
        threading.Thread.__init__(self)
        self.payload = payload

    def run(self):
        data = json.loads(self.payload)
        repo, after = data["repo"], data["after"]
        conn = sqlite3.connect(DB)
        cur = conn.cursor()
        cur.execute("SELECT id FROM pushes WHERE repo = ? AND after = ?", (repo, after))
        if cur.fetchone() is None:
            try:
                subprocess.check_call(["git", "cat-file", "-e", after], cwd=repo)
            except Exception as e:
                print("git failed", e)
            try:
                cur.execute("INSERT INTO pushes (repo, after) VALUES (?, ?)", (repo, after))
                conn.commit()
            except sqlite3.Error as e:
                print("insert failed", e)
        conn.close()


def main():
    for line in sys.stdin:
        Handler(line).start()


if __name__ == "__main__":
    main()
