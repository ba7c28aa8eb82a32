from abc import ABC, abstractmethod


class Repository(ABC):
    @abstractmethod
    def all(self):
        ...


class Exporter:
    # An interface with no implementation of its own: not a repository.
    def rows(self):
        raise NotImplementedError
