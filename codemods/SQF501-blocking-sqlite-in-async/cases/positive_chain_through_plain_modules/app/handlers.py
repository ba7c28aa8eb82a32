from .runner import runner


async def handle(entry):
    runner.run(entry)
