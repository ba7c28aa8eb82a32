"""Helpers that turn a configured sync URL into its async driver form."""
from sqlalchemy.engine import make_url


def async_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+asyncpg://", 1)


def async_driver(url: str) -> str:
    return str(make_url(url).set(drivername="postgresql+asyncpg"))


def production_or(url: str) -> str:
    if url.startswith("sqlite"):
        return "postgresql+asyncpg://app@db/app"
    return url
