from pyramid.view import view_config

from ratelimit.counters import reset


@view_config(route_name="reset", renderer="json")
def reset_view(request):
    reset()
    return {"ok": True}
