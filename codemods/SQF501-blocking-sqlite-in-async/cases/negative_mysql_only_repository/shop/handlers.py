from shop import store


async def list_orders(request):
    return {"orders": store.open_orders()}


async def finish(request, order_id):
    store.close_order(order_id)
    return {"ok": True}
