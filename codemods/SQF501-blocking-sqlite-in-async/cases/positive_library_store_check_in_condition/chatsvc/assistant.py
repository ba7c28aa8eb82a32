"""An assistant that greets people it has no memory of.

`MemorySqliteStorage` is the framework's memory table; its URL names a SQLite
file, and its lookups run synchronously.
"""
from agentkit.memory import MemorySqliteStorage


class Assistant:
    def __init__(self):
        self.memory = MemorySqliteStorage(db_url="sqlite:///memory.db", table="facts")

    def knows(self, user_id):
        return self.memory.get(user_id) is not None

    async def respond(self, user_id, message):
        if message and not self.knows(user_id):
            return "Nice to meet you!"
        return f"You said: {message}"
