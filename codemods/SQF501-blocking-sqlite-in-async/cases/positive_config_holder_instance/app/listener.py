"""A subclass whose coroutines query the connection its base class opened."""
from app.base import BaseDb


class Listener(BaseDb):
    async def on_message(self, message):
        self.conn.execute("INSERT INTO events (body) VALUES (?)", (message.content,))
        self.conn.commit()
