"""The same save, reached from a thread pool that processes documents in
parallel: two workers finishing documents of one batch both write
`progress.json.tmp`, and one `replace` can publish the other's half-written file."""
import json
import os
from concurrent.futures import ThreadPoolExecutor


def save_progress(path, done):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"done": done}, f)
    os.replace(tmp, path)


def process(doc):
    result = doc.upper()
    save_progress("progress.json", doc)
    return result


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=4) as pool:
        print(list(pool.map(process, ["a", "b", "c"])))
