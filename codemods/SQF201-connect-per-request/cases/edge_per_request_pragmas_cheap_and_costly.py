"""Two routes on connections per request: `synchronous=NORMAL` and a busy
timeout are cheap per-connection settings (quiet); `PRAGMA integrity_check` on
every request reads the whole file (reported). A connect per item of a loop
stays reported whatever it runs."""
import sqlite3

from flask import Flask

app = Flask(__name__)
DB = "metrics.db"


@app.route("/latest")
def latest():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=3000")
    try:
        return str(conn.execute("SELECT max(ts) FROM metrics").fetchone()[0])
    finally:
        conn.close()


@app.route("/health")
def health():
    conn = sqlite3.connect(DB)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def import_hosts(hosts):
    for host in hosts:
        conn = sqlite3.connect(DB)
        conn.execute("INSERT INTO hosts (name) VALUES (?)", (host,))
        conn.commit()
        conn.close()
