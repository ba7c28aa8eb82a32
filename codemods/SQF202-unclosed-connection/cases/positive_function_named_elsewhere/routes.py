from service import app, rebuild_index

JOBS = {"nightly": "service:purge"}


@app.post("/reindex")
def reindex():
    rebuild_index("app.db")
    return {"ok": True}
