"""The bot records each message with one INSERT; a failure is only logged. The
viewer, another program on the same file, prunes old rows while it polls."""

import logging
import sqlite3

from config import DB_PATH

log = logging.getLogger(__name__)


def record(sender, text):
    try:
        conn = sqlite3.connect(DB_PATH, timeout=30.0)
        conn.execute("INSERT INTO messages (sender, text) VALUES (?, ?)", (sender, text))
        conn.commit()
        conn.close()
    except Exception as e:
        log.warning("could not record message: %s", e)


def main():
    for line in open("/dev/stdin"):
        sender, _, text = line.partition(":")
        record(sender, text)


if __name__ == "__main__":
    main()
