"""A chat bot on SQLAlchemy whose handlers each open a session of their own
(`with Session(engine) as s:`), begin a transaction block, or roll the module's
one session back when its commit fails: a failed commit ends with its event,
and no other handler inherits it."""
import discord
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base

engine = create_engine("sqlite:///bot.db")
db_session = Session(bind=engine)
Base = declarative_base()
client = discord.Client(intents=discord.Intents.default())


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String, unique=True)
    messages = Column(Integer, default=0)


@client.event
async def on_message(message):
    with Session(engine) as s:
        user = s.get(User, message.author.id) or User(id=message.author.id, messages=0)
        user.messages += 1
        s.add(user)
        s.commit()


@client.event
async def on_member_join(member):
    with Session(engine) as s, s.begin():
        s.add(User(id=member.id, name=member.name))


@client.event
async def on_member_update(before, after):
    user = db_session.get(User, after.id)
    user.name = after.name
    db_session.add(user)
    try:
        db_session.commit()
    except SQLAlchemyError:
        db_session.rollback()
        raise


@client.event
async def on_member_remove(member):
    db_session.query(User).filter(User.id == member.id).delete()
    try:
        db_session.commit()
    except SQLAlchemyError:
        db_session.rollback()


client.run("token")
