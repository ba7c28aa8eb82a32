"""A background worker that revisits open conversations every minute.

The session store comes from the agent framework: it builds its own SQLAlchemy
engine on the file named here, so each `read` is a query on this thread.
"""
import asyncio

from agentkit.storage.sqlite import SqliteStore


def last_session(session_id):
    sessions = SqliteStore(db_file="tmp/agent.db", table_name="agent_sessions")
    return sessions.read(session_id)


async def follow_up_cycle(candidates):
    while True:
        for session_id in candidates:
            session = last_session(session_id)
            if session is not None and session.get("pending"):
                print("nudging", session_id)
        await asyncio.sleep(60)


async def main():
    await asyncio.gather(follow_up_cycle(["a", "b"]), follow_up_cycle(["c"]))


if __name__ == "__main__":
    asyncio.run(main())
