"""RPC bodies: no sqlite3 in sight, the state object carries the connection."""


def submit(state, request):
    state.put(request.job_id, "queued")
    return request.job_id


def status(state, request):
    row = state.get(request.job_id)
    return row[0] if row else "unknown"
