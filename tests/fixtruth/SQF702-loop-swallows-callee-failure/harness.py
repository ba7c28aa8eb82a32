"""The poller's loop runs two rounds against a price service that fails after
the refresh's first UPDATE; then the program's other connection (a bot
command's) tries to write the same file."""
import json
import logging
import os
import sqlite3
import sys

logging.disable(logging.WARNING)
sys.path.insert(0, sys.argv[1])
os.environ["POLLER_DB"] = os.path.join(sys.argv[2], "poller.db")
import poller  # noqa: E402

poller.run(2)
sequential = poller.prices()

poller.source = None
poller.run(2)
locked = 0
try:
    poller.set_price("tea", 9)
except sqlite3.OperationalError as e:
    if "locked" not in str(e):
        raise
    locked = 1
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": "the other writer got 'database is locked' after the failed rounds" if locked else "the other writer wrote after the failed rounds",
}))
