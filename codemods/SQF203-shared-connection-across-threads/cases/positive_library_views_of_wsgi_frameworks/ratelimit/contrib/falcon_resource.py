import falcon

from ratelimit.counters import hit


class CounterResource:
    def on_get(self, req, resp):
        resp.media = {"hits": hit(req.path)}
        resp.status = falcon.HTTP_200


class CountingMiddleware:
    def process_request(self, req, resp):
        req.context.hits = hit(req.path)
