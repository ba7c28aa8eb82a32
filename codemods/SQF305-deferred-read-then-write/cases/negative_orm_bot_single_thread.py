"""A Discord bot whose sync session helpers run on the event loop's one thread:
nothing else writes the file, so a read-then-write cannot interleave."""
import discord
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///bot.db")
client = discord.Client(intents=discord.Intents.default())


def add_xp(user_id, xp):
    with Session(engine) as session:
        level = session.execute(text("SELECT xp FROM levels WHERE user = :u"), {"u": user_id}).scalar()
        session.execute(text("UPDATE levels SET xp = :x WHERE user = :u"), {"u": user_id, "x": level + xp})
        session.commit()


def read_only(user_id):
    with Session(engine) as session:
        return session.execute(text("SELECT xp FROM levels WHERE user = :u"), {"u": user_id}).scalar()


@client.event
async def on_message(message):
    add_xp(message.author.id, 1)
