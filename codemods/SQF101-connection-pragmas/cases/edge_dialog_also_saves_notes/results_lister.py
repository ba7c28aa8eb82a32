"""The comparison dialog also saves the user's notes into the results
database through the connection it reads with: it writes beside the
assignment worker, so its connect is reported."""
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

    def save_note(self, table, note):
        self.conn.execute("INSERT INTO notes (tbl, note) VALUES (?, ?)", (table, note))
        self.conn.commit()
