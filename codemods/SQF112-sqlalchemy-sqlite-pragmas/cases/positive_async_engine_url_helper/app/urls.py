"""Helpers that turn a configured sync URL into its async driver form."""
from sqlalchemy.engine import make_url


def async_url(url: str) -> str:
    if url.startswith("sqlite://"):
        return url.replace("sqlite://", "sqlite+aiosqlite://", 1)
    return url


def async_driver(url: str) -> str:
    parsed = make_url(url)
    return str(parsed.set(drivername="sqlite+aiosqlite"))


def archive_url(path: str) -> str:
    return f"sqlite+aiosqlite:///{path}"
