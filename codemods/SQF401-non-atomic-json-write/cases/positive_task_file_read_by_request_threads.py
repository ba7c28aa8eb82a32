"""A task list kept in a JSON file: a worker thread rewrites it in place as each
task moves on, while the web server's request threads read it to answer status
requests. A reader can open the file between the truncation and the end of the
dump and fail on half a file, and a crash mid-write loses the whole list.
Reported."""
import json
import threading
import time

from flask import Flask

app = Flask(__name__)
TASKS_FILE = "tasks.json"


def read_tasks():
    with open(TASKS_FILE) as fh:
        return json.load(fh)


@app.route("/tasks")
def tasks_status():
    return read_tasks()


def worker():
    while True:
        tasks = read_tasks()
        for task in tasks["queue"]:
            task["state"] = "done"
        with open(TASKS_FILE, "w") as fh:
            json.dump(tasks, fh)
        time.sleep(5)


threading.Thread(target=worker, daemon=True).start()
