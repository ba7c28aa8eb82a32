from flask import Flask, request

from app.store import Store

app = Flask(__name__)
store = Store()


@app.route("/items", methods=["POST"])
def add_item():
    store.add(request.get_json())
    return {"ok": True}
