import asyncio
import sys
from pathlib import Path

import requests

from artifacts import ArtifactCache
from fetch import Fetcher
from async_fetch import ModelStore


class Link:
    def __init__(self, url):
        self.url = url
        self.filename = url.rsplit("/", 1)[-1]
        self.digest = self.filename


def main():
    session = requests.Session()
    cache = ArtifactCache(Path.home() / ".cache" / "pkgtool" / "artifacts")
    fetcher = Fetcher(session, cache)
    asyncio.run(warm(cache, []))
    for url in sys.argv[1:]:
        print(fetcher.archive(Link(url)))


async def warm(index, names):
    store = ModelStore(index, Path.home() / ".cache" / "models")
    for name, url in names:
        await store.weights(name, url)


if __name__ == "__main__":
    main()
