"""Reranks retrieved passages by asking a language model about each one, on a
thread pool. The pool runs `self.llm`, a model client the caller hands in: an
attribute, not a method of any class of the project, and this module opens no
database. Its threads are not named as the chat store's second party; the
finding stays (the pool's import), at low severity, naming no one."""
from concurrent.futures import ThreadPoolExecutor


class LLMReranker:
    def __init__(self, llm, workers=8):
        self.llm = llm
        self.workers = workers

    def rerank(self, question, passages):
        prompts = [f"{question}\n\n{p}" for p in passages]
        with ThreadPoolExecutor(self.workers) as pool:
            futures = [pool.submit(self.llm, prompt) for prompt in prompts]
            scores = [f.result() for f in futures]
        return [p for _, p in sorted(zip(scores, passages), reverse=True)]
