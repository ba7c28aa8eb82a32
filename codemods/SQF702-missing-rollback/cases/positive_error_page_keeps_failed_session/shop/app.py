"""The application factory and its error pages."""
import logging

from flask import Flask, render_template

from .db import db_session
from .views import bp

log = logging.getLogger(__name__)


def create_app():
    app = Flask(__name__)
    app.register_blueprint(bp)

    @app.errorhandler(500)
    def server_error(error):
        log.error("request failed: %s", error)
        return render_template("500.html"), 500

    @app.errorhandler(404)
    def not_found(error):
        return render_template("404.html"), 404

    @app.route("/health")
    def health():
        db_session.execute("SELECT 1")
        return "ok"

    return app
