"""An engine built by a factory, as test suites and multi-tenant apps do."""
import sqlalchemy as sa


def make_engine(path):
    engine = sa.create_engine(f"sqlite:///{path}")
    return engine
