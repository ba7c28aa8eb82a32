from concurrent.futures import ThreadPoolExecutor

from db import add_words, connect, update_progress


def ocr_document(doc_id, pages, engine):
    texts = []
    for i, page in enumerate(pages):
        texts.append(engine.ocr(page))
        update_progress(doc_id, i + 1, len(pages))
    return texts


def embed_chunks(doc_id, chunks, model, index):
    conn = connect()
    cur = conn.cursor()
    for n, chunk in enumerate(chunks, start=1):
        index.add(doc_id, n, model.embed(chunk))
        cur.execute(
            "UPDATE documents SET status = 'embedding', progress = ? WHERE id = ?",
            (n / len(chunks), doc_id),
        )
        conn.commit()
    conn.close()


def count_words(doc_id, pages):
    for page in pages:
        words = page.split()
        add_words(doc_id, len(words))


def process_all(documents, engine):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for doc in documents:
            pool.submit(ocr_document, doc["id"], doc["pages"], engine)
