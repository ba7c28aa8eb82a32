import os
from concurrent.futures import ThreadPoolExecutor

from albumsrv import sidecar
from albumsrv.web import LIBRARY


def rescan_album(album_id):
    sidecar.write(os.path.join(LIBRARY, album_id), {"rescanned": True})


def rescan_all():
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(rescan_album, os.listdir(LIBRARY)))


if __name__ == "__main__":
    rescan_all()
