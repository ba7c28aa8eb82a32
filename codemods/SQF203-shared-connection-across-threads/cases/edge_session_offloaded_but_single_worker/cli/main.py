"""One offloaded call, awaited before anything else touches the index: the
connection crosses to a pool thread but no two threads use it at once. Reported
all the same, as the module-function form (`to_thread(rebuild)` on a module
connection) already is: the rule does not count how many offloaded calls can
overlap, only that the object's method runs on the pool."""
import asyncio

from cli.index import Index


async def main(paths):
    index = Index("files.db")
    await asyncio.to_thread(index.rebuild, paths)


if __name__ == "__main__":
    asyncio.run(main(["a", "b"]))
