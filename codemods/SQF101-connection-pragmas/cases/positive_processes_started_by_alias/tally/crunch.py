import multiprocessing as mproc

from tally.sink import count


def chew(inbox):
    while True:
        word = inbox.get()
        if word is None:
            break
        count(word, len(word))


def run(words, jobs=4):
    inbox = mproc.Queue()
    crew = [mproc.Process(target=chew, args=(inbox,)) for _ in range(jobs)]
    for p in crew:
        p.start()
    for w in words:
        inbox.put(w)
    for _ in crew:
        inbox.put(None)


if __name__ == "__main__":
    run(["alpha", "beta"])
