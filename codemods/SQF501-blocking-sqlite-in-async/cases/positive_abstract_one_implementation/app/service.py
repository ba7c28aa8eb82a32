from .repository import Repository


class Statistics:
    def __init__(self, repository: Repository):
        self.repository = repository

    def count(self):
        return len(self.repository.all())
