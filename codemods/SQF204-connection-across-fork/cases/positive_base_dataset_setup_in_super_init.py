"""The same hazard spelled through a base class: the project's base dataset calls
`self.setup()` from its constructor, and the subclass's `setup()` opens the
connection and counts rows. Nothing in this module builds a loader; a dataset is
made to be handed to one."""
import sqlite3

import torch.utils.data


class BaseSQLDataset(torch.utils.data.IterableDataset):
    def __init__(self, path):
        self.path = path
        self.setup()

    def setup(self):
        pass


class EventsDataset(BaseSQLDataset):
    def __init__(self, path, kind):
        self.kind = kind
        super().__init__(path)

    def setup(self):
        self.db = sqlite3.connect(self.path)
        self.count = self.db.execute("SELECT count(*) FROM events WHERE kind = ?", (self.kind,)).fetchone()[0]

    def __iter__(self):
        for row in self.db.execute("SELECT * FROM events WHERE kind = ?", (self.kind,)):
            yield row
