from ._build import rebuild

__all__ = ["rebuild"]
