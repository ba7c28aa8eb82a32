from abc import ABC, abstractmethod


class RecipeServiceBase(ABC):
    """The interface the registry is typed with; no database text here."""

    @abstractmethod
    def get(self, recipe_id):
        ...
