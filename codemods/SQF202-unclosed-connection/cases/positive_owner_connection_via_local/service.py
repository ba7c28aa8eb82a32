"""A server that stays up: every request builds its indexes afresh."""
from fastapi import FastAPI

from index import FileIndex, WordIndex

app = FastAPI()


def score(rows, words):
    index = WordIndex(rows)
    return sum(index.count(w) for w in words)


def lookups(paths, word):
    return [FileIndex(p).has(word) for p in paths]


@app.post("/score")
def score_all(batches: list[list[list[str]]], words: list[str]):
    return [score(rows, words) for rows in batches]


@app.get("/lookup")
def lookup(word: str, paths: list[str]):
    return lookups(paths, word)
