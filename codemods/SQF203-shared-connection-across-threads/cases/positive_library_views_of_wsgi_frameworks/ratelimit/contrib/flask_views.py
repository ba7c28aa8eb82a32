from flask import g, request
from flask.views import MethodView

from ratelimit.counters import hit, remaining


class CounterView(MethodView):
    def get(self):
        return {"hits": hit(request.path)}


def init_app(app):
    @app.before_request
    def count_request():
        g.left = remaining(request.remote_addr)

    app.add_url_rule("/counter", view_func=CounterView.as_view("counter"))
