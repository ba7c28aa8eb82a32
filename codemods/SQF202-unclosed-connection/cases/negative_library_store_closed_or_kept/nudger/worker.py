"""The same worker done two ways that leave nothing open: the helper closes
the store it built, or the worker builds one store and passes it in."""
import time

from agentkit.storage.sqlite import SqliteStore


def load_and_close(session_id):
    store = SqliteStore(db_file="tmp/agent.db", table_name="agent_sessions")
    try:
        return store.read(session_id)
    finally:
        store.close()


def load_from(store, session_id):
    return store.read(session_id)


def run_forever(candidates):
    shared = SqliteStore(db_file="tmp/agent.db", table_name="agent_sessions")
    while True:
        for session_id in candidates:
            print(load_and_close(session_id), load_from(shared, session_id))
        time.sleep(30)
