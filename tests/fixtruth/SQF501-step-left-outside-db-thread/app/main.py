import asyncio

from notes.sync import NoteSync


async def main():
    sync = NoteSync("notes.db")
    print(await sync.apply(1, "hello", [2, 3]))


if __name__ == "__main__":
    asyncio.run(main())
