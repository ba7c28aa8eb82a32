import json
import urllib.request

import usage
from offload import run_off_loop


@run_off_loop
def fetch_article(title):
    with urllib.request.urlopen(f"https://example.org/{title}") as response:
        body = json.load(response)
    # Runs on the executor's thread: `usage.db` belongs to the main thread.
    usage.record(len(json.dumps(body)), "article")
    return body


async def show(title):
    article = await fetch_article(title)
    print(article, usage.total())
