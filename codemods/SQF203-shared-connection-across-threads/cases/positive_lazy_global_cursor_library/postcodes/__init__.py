from .lookup import district_of, place_of

__all__ = ["district_of", "place_of"]
