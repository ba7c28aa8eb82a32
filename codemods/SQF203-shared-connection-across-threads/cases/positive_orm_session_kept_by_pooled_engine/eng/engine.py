"""One session kept on the engine object: pool workers add their results to it
while the building thread counts and commits through it."""
from concurrent.futures import ThreadPoolExecutor

from eng.db import Session
from eng.models import Result


class Engine:
    def __init__(self):
        self.session = Session()

    def process(self, item):
        value = len(item)
        self.session.add(Result(name=item, value=value))

    def run(self, items):
        with ThreadPoolExecutor(max_workers=4) as pool:
            for item in items:
                pool.submit(self.process, item)
                done = self.session.query(Result).count()
                print(done)
        self.session.commit()
