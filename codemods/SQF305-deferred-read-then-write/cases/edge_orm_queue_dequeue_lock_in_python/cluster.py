from multiprocessing import Process

from broker import ORM


def pusher(broker):
    while True:
        for pk, payload in broker.dequeue():
            print(pk, payload)


def start(workers=2):
    broker = ORM("default")
    for _ in range(workers):
        Process(target=pusher, args=(broker,)).start()
