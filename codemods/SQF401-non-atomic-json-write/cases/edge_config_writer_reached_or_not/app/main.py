from flask import Flask, request

from app.config import load_config, save_settings

app = Flask(__name__)
config = load_config()


@app.route("/settings", methods=["POST"])
def update_settings():
    config.update(request.get_json())
    save_settings(config)
    return {"ok": True}
