"""A bot object keeps its session for its life; a background task stamps the
bot's presence every half minute and commits, and the message handler uses the
same session. The commit inside the sleeping loop has nothing to roll back on
failure. The loop in `retry_send` sleeps too but does not touch the session."""
import asyncio
import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///bot.db")
SessionFactory = sessionmaker(bind=engine)


class Bot:
    def __init__(self):
        self.session = SessionFactory()

    async def presence(self):
        while True:
            self.session.execute(
                text("UPDATE presence SET seen = :now"), {"now": datetime.datetime.utcnow()}
            )
            self.session.commit()
            await asyncio.sleep(30)

    async def on_message(self, message):
        self.session.execute(text("INSERT INTO messages (body) VALUES (:b)"), {"b": message})
        self.session.commit()

    async def retry_send(self, send, payload):
        while True:
            try:
                return await send(payload)
            except ConnectionError:
                await asyncio.sleep(5)

    def start(self):
        asyncio.get_event_loop().create_task(self.presence())
