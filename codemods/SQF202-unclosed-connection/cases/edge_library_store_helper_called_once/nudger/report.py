"""The helper builds a store and leaves it open, but the module calls it once,
not per item of a loop: one engine for the run, not a pile of them (quiet)."""
from agentkit.storage.sqlite import SqliteStore


def session_count(session_id):
    store = SqliteStore(db_file="tmp/agent.db", table_name="agent_sessions")
    return len(store.read(session_id) or [])


def summary():
    return {"main": session_count("main")}
