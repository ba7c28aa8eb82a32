"""Objects handed something that is not a sqlite3 connection: an HTTP client
with an `execute` method, and an untyped parameter no call in the module fills
with a connection. Their async methods are not reported."""


class Client:
    def execute(self, query: str) -> dict:
        return {"query": query}


class RemoteSearch:
    def __init__(self, client: Client) -> None:
        self._client = client

    async def search(self, term: str) -> dict:
        return self._client.execute("SELECT " + term)


class Cache:
    def __init__(self, backend) -> None:
        self._backend = backend

    async def get(self, key: str):
        return self._backend.get(key)


def build() -> tuple[RemoteSearch, Cache]:
    return RemoteSearch(Client()), Cache({})
