import falcon

from ratelimit.counters import hit


class CounterResource:
    def on_get(self, req, resp):
        resp.media = {"hits": hit(req.path)}
        resp.status = falcon.HTTP_200
