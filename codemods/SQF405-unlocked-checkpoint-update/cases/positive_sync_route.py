import json
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
STATE = Path("state/labels.json")


@app.post("/documents/{doc_id}/labels")
def add_label(doc_id: str, label: str):
    labels = json.loads(STATE.read_text())
    labels.setdefault(doc_id, []).append(label)
    STATE.write_text(json.dumps(labels))
    return {"labels": labels[doc_id]}


@app.post("/documents/{doc_id}/notes")
async def add_note(doc_id: str, note: str, summarizer=None):
    notes_path = Path(f"state/{doc_id}.notes.json")
    notes = json.loads(notes_path.read_text())
    notes.append(await summarizer.summarize(note))
    notes_path.write_text(json.dumps(notes))
    return {"count": len(notes)}
