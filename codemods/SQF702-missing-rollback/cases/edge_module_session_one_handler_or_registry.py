"""Edges of the shared-session shape. The module-level session is used by one
coroutine only (the other handlers use the registry): nothing else inherits
a failed commit, so it is not reported (the next message's own query would
fail, which the handler's author sees at once). The scoped_session registry
is reported: on the event loop's one thread it is one session for every
coroutine, like a module-level session, so a failed commit in
`on_reaction_add` is inherited by `on_reaction_remove`."""
import discord
from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import Session, declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///stats.db")
stats_session = Session(bind=engine)
Registry = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()
client = discord.Client(intents=discord.Intents.default())


class Count(Base):
    __tablename__ = "counts"
    id = Column(Integer, primary_key=True)
    n = Column(Integer, default=0)


@client.event
async def on_message(message):
    stats_session.add(Count(id=message.id, n=1))
    stats_session.commit()


@client.event
async def on_reaction_add(reaction, user):
    Registry.add(Count(id=reaction.message.id, n=1))
    Registry.commit()


@client.event
async def on_reaction_remove(reaction, user):
    Registry.query(Count).filter(Count.id == reaction.message.id).delete()
    Registry.commit()


client.run("token")
