"""A crawler keeps its state as a pydantic model and writes it after every page.
It loads that file at start to carry on where it stopped, so a crash during
the write leaves a torn file and the next start fails validation or starts
over. Three ways to write the same JSON text: `model_dump_json` into
`write_text`, a `TypeAdapter` into `write_bytes`, and `json.dump` of
`model_dump()` into an opened file."""
import json
from pathlib import Path

from pydantic import BaseModel, TypeAdapter


class CrawlState(BaseModel):
    cursor: str | None = None
    seen: list[str] = []


STATE = Path("crawl_state.json")
QUEUE = Path("queue.json")
QUEUE_ADAPTER = TypeAdapter(list[str])


def load_state() -> CrawlState:
    if STATE.exists():
        return CrawlState.model_validate_json(STATE.read_text())
    return CrawlState()


def save_state(state: CrawlState) -> None:
    STATE.write_text(state.model_dump_json(indent=2))


def load_queue() -> list[str]:
    return QUEUE_ADAPTER.validate_json(QUEUE.read_bytes())


def save_queue(urls: list[str]) -> None:
    QUEUE.write_bytes(QUEUE_ADAPTER.dump_json(urls))


def save_state_plain(state: CrawlState, folder: Path) -> None:
    with (folder / "crawl_state.json").open("w") as f:
        json.dump(state.model_dump(), f)


def resume(folder: Path) -> CrawlState:
    return CrawlState.model_validate_json((folder / "crawl_state.json").read_text())
