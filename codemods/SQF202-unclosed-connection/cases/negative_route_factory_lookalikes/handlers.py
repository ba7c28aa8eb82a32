"""Look-alikes of a route-decorator factory that register nothing with a
web server: a dispatch table looked up with `.get(key)(...)`, a decorator
that records the function in a registry, and a factory whose `.route()`
call does not hand on the function it decorates. The sessions below run
where the command-line loop calls them, on the main thread."""
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from settings import ARCHIVE_URL

engine = create_engine(ARCHIVE_URL)
Session = sessionmaker(bind=engine)
COMMANDS = {}
router = None


def command(name):
    def register(func):
        COMMANDS[name] = func
        return func

    return register


def dispatch(name, arg):
    return COMMANDS.get(name)(arg)


def announce(url):
    def register(func):
        router.route(url)(print)
        return func

    return register


@command("count")
def count(arg):
    db = Session()
    return db.execute(text("SELECT count(*) FROM item WHERE kind = :k"), {"k": arg}).scalar()


@announce("/archive")
def archive(arg):
    db = Session()
    db.execute(text("UPDATE item SET archived = 1 WHERE id = :i"), {"i": arg})
    db.commit()


if __name__ == "__main__":
    print(dispatch(sys.argv[1], sys.argv[2]))
