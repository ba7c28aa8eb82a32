from .service import Statistics


async def statistics(stats: Statistics):
    # `Statistics` holds a `Repository`; the project has one implementation of it.
    return stats.count()
