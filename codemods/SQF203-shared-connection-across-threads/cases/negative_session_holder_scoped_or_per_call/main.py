"""A scheduler thread runs the rules; a Flask status server reads the same
controller from its request threads."""
import threading
import time

from flask import Flask

from controller import Controller

app = Flask(__name__)
controller = Controller()


@app.route("/status")
def status():
    return {"users": controller.status()}


def scheduler():
    while True:
        controller.run_rules()
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=scheduler, daemon=True).start()
    app.run(port=8080)
