import sqlite3
import threading


def save_results(project_path, name, rows):
    conn = sqlite3.connect(project_path + "/results_database.sqlite")
    conn.execute(f"CREATE TABLE IF NOT EXISTS {name} (link_id, flow)")
    conn.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
    conn.commit()
    conn.close()


class AssignmentWorker(threading.Thread):
    def __init__(self, project_path):
        super().__init__()
        self.project_path = project_path

    def run(self):
        save_results(self.project_path, "flows", [(1, 2.0)])
