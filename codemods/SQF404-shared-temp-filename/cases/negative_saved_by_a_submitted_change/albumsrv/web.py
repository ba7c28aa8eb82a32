import os

from fastapi import FastAPI

from albumsrv import sidecar

LIBRARY = "library"


def register_routes(app: FastAPI) -> None:
    @app.post("/albums/{album_id}/rename")
    def rename_album(album_id: str, title: str):
        sidecar.write(os.path.join(LIBRARY, album_id), {"title": title})
        return {"ok": True}

    @app.delete("/albums/{album_id}/link")
    def unlink_album(album_id: str):
        sidecar.write(os.path.join(LIBRARY, album_id), {"linked": False})
        return {"ok": True}

    @app.get("/albums/{album_id}")
    def show_album(album_id: str):
        return sidecar.read(os.path.join(LIBRARY, album_id))


def create_app() -> FastAPI:
    app = FastAPI()
    register_routes(app)
    return app
