import json
import os
from concurrent.futures import ThreadPoolExecutor

from checkpoints import load_checkpoint, save_checkpoint

STATE_DIR = "state"


def mark_stage_done(doc_id, stage, result):
    state = load_checkpoint(doc_id)
    state["stages"][stage] = {"done": True, "pages": len(result)}
    save_checkpoint(doc_id, state)


def record_page(doc_id, page_no, text):
    path = os.path.join(STATE_DIR, f"{doc_id}.pages.json")
    with open(path, encoding="utf-8") as f:
        pages = json.load(f)
    pages[str(page_no)] = len(text)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(pages, f)


def run_document(doc_id, stages, pages):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for stage in stages:
            pool.submit(mark_stage_done, doc_id, stage, pages)
        for n, text in enumerate(pages):
            pool.submit(record_page, doc_id, n, text)
