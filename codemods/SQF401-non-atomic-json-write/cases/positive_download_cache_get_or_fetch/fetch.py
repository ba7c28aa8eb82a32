from artifacts import ArtifactCache


class Fetcher:
    def __init__(self, session, cache: ArtifactCache):
        self._session = session
        self._cache = cache

    def archive(self, link):
        cached = self._cache.get(link)
        if cached is not None:
            return cached
        archive = self._cache.archive_path(link)
        archive.parent.mkdir(parents=True, exist_ok=True)
        response = self._session.get(link.url, stream=True)
        response.raise_for_status()
        with archive.open("wb") as f:
            for chunk in response.iter_content(chunk_size=65536):
                if chunk:
                    f.write(chunk)
        return archive

