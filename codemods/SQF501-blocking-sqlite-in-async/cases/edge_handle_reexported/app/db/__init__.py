"""The package re-exports the connection its setup module opens."""
from .setup import con, cursor

__all__ = ["con", "cursor"]
