from .lookup import place_of

__all__ = ["place_of"]
