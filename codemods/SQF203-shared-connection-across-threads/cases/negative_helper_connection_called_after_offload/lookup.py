import json
import urllib.request

import usage
from offload import run_off_loop


@run_off_loop
def fetch_article(title):
    with urllib.request.urlopen(f"https://example.org/{title}") as response:
        return json.load(response)


async def show(title):
    article = await fetch_article(title)
    # Back on the thread that imported `usage`: the connection's own thread.
    usage.record(len(json.dumps(article)), "article")
    print(article)
