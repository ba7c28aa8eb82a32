"""One process: answers a question, reranking with the model, and saves the turn."""
from ragchat.ranking import LLMReranker
from ragchat.store import save_message


def answer(conversation_id, question, passages, llm):
    best = LLMReranker(llm).rerank(question, passages)[0]
    save_message(conversation_id, question)
    save_message(conversation_id, best)
    return best


if __name__ == "__main__":
    print(answer(1, "why?", ["a", "b"], len))
