from .store import Store


class Registry:
    """No annotation: the attribute is known from the assignment at start-up."""

    store = None


def configure(path):
    Registry.store = Store(path)
