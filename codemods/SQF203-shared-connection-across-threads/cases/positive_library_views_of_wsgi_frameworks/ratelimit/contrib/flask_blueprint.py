from flask import Blueprint, jsonify, request

from ratelimit.counters import hit

bp = Blueprint("ratelimit", __name__)


def flask_counter():
    return jsonify(hits=hit(request.path))


bp.add_url_rule("/hits", view_func=flask_counter)
