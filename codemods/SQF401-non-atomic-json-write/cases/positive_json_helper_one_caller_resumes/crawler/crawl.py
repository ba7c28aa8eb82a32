"""A crawler that writes a report per run and, through the same helper, the
frontier it resumes from after a restart. The helper's write is a checkpoint
for the frontier caller: a crash mid-write leaves a frontier that
`load_frontier` fails to parse, and the crawl cannot resume. Reported."""
import os
import time

from crawler.store import dump_json, load_frontier

FRONTIER = "frontier_state.json"


def crawl(seeds):
    frontier = load_frontier(FRONTIER) if os.path.exists(FRONTIER) else list(seeds)
    seen = 0
    while frontier:
        frontier.pop()
        seen += 1
        dump_json(FRONTIER, frontier)
    dump_json(f"crawl_report_{int(time.time())}.json", {"pages": seen})


if __name__ == "__main__":
    crawl(["https://example.org"])
