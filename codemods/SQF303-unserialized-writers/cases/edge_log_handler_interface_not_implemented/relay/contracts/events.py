"""The journal interface, written the older way: a plain base class whose
methods raise NotImplementedError."""


class EventSink:
    async def record(self, level: str, text: str) -> None:
        raise NotImplementedError
