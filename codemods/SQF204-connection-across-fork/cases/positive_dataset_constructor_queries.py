"""A dataset over a SQLite table queries it while it is built (the row ids for
`__len__`), through a helper that opens the connection on first use and keeps
it. The instance goes to a `DataLoader` with worker processes: on Linux they are
forked and every worker runs its `__getitem__` queries on the connection the
parent opened."""
import sqlite3

from torch.utils.data import DataLoader, Dataset


class TableDataset(Dataset):
    def __init__(self, path, table):
        self.path = path
        self.table = table
        self._conn = None
        self.ids = [r[0] for r in self._query_table(f"SELECT id FROM {table}")]

    def _establish_connection(self):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)

    def _query_table(self, sql, args=()):
        self._establish_connection()
        return self._conn.execute(sql, args).fetchall()

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return self._query_table(f"SELECT * FROM {self.table} WHERE id = ?", (self.ids[i],))[0]


def batches(path):
    return DataLoader(TableDataset(path, "samples"), batch_size=32, num_workers=4)
