"""A long-lived worker that loads each candidate's session through the agent
framework's SQLite store, built afresh per candidate and never closed."""
import time

from agentkit.storage.sqlite import SqliteStore


def load_session(session_id):
    store = SqliteStore(db_file="tmp/agent.db", table_name="agent_sessions")
    return store.read(session_id)


def run_forever(candidates):
    while True:
        for session_id in candidates:
            session = load_session(session_id)
            if session:
                print(session_id, len(session))
        time.sleep(30)
