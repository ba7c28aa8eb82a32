"""The heartbeat daemon: marks each agent alive every few seconds."""
import logging
import sqlite3
import time

from fleet.ledger import log_event
from fleet.settings import STATE_DB

log = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, agents):
        self.agents = agents

    def touch(self, agent):
        try:
            db = sqlite3.connect(STATE_DB)
            db.execute("UPDATE agents SET last_seen = ? WHERE name = ?", (time.time(), agent))
            db.commit()
            db.close()
        except Exception as e:
            log.warning("heartbeat for %s failed: %s", agent, e)

    def forever(self):
        while True:
            for agent in self.agents:
                self.touch(agent)
            log_event("beat", ",".join(self.agents))
            time.sleep(5)


if __name__ == "__main__":
    Heartbeat(["alpha", "beta"]).forever()
