"""A chat bot whose handlers all use one module-level SQLAlchemy session.

The engine's URL comes from the configuration (config.example.json ships a
`sqlite:///` URL). Every handler queries its row, adds or updates it and calls
`db_session.commit()` with nothing around it: when one commit fails (a
constraint, "database is locked" while the web dashboard writes), discord's
dispatcher logs the error and the loop goes on, but the one session every
handler shares stays in its failed transaction, and each later handler's
query raises PendingRollbackError until the bot restarts."""
import json

import discord
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base

with open("config.json") as f:
    CONFIG = json.load(f)

engine = create_engine(CONFIG["DATABASE_CONNECTION"])
db_session = Session(bind=engine)
Base = declarative_base()
client = discord.Client(intents=discord.Intents.default())


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String, unique=True)
    messages = Column(Integer, default=0)


class Role(Base):
    __tablename__ = "roles"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer)
    name = Column(String)


@client.event
async def on_message(message):
    user = db_session.query(User).filter(User.id == message.author.id).first()
    if user is None:
        user = User(id=message.author.id, name=message.author.name)
        db_session.add(user)
    user.messages += 1
    db_session.commit()


@client.event
async def on_member_update(before, after):
    for role in after.roles:
        db_session.add(Role(user_id=after.id, name=role.name))
    db_session.commit()


@client.event
async def on_member_remove(member):
    db_session.query(Role).filter(Role.user_id == member.id).delete()
    db_session.commit()


client.run(CONFIG["TOKEN"])
