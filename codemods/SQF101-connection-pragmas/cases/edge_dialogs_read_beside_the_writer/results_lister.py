"""A plugin's dialogs open the results database only to show it: one lists
its tables, one loads a table into a data frame through pandas. Neither
writes, so neither needs WAL or a write-path PRAGMA; the assignment worker that
writes the file is reported at its own connect."""
import sqlite3

import pandas as pd
from qgis.PyQt.QtWidgets import QDialog


class ResultsLister(QDialog):
    def __init__(self, project_path):
        super().__init__()
        conn = sqlite3.connect(project_path + "/results_database.sqlite")
        self.tables = [x[0] for x in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()]
        conn.close()


class CompareScenarios(QDialog):
    def __init__(self, project_path):
        super().__init__()
        self.conn = sqlite3.connect(project_path + "/results_database.sqlite")

    def load(self, table):
        return pd.read_sql(f"SELECT * FROM {table}", self.conn)
