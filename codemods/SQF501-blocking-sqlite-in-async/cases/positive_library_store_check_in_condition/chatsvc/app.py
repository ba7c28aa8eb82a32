from fastapi import FastAPI

from chatsvc.assistant import Assistant

app = FastAPI()
assistant = Assistant()


@app.post("/message")
async def message(user_id: str, text: str):
    return {"reply": await assistant.respond(user_id, text)}
