from usage_tracker import UsageTracker

usage = {}


def ensure(user_id, name):
    if user_id not in usage:
        usage[user_id] = UsageTracker(user_id, name)
    return usage[user_id]


async def prompt(update, context):
    tracker = ensure(update.user_id, update.name)
    tracker.add_chat_tokens(100)


async def vision(update, context):
    ensure(update.user_id, update.name).add_vision_tokens(300)


async def image(update, context):
    ensure(update.user_id, update.name).add_image_request("512x512", {"512x512": 0.02})


async def tts(update, context):
    ensure(update.user_id, update.name).add_tts_request(10, 0.015)


async def transcribe(update, context):
    ensure(update.user_id, update.name).add_transcription_seconds(12)


def main():
    app = build()
    app.add_handler(prompt)
    app.add_handler(vision)
    app.add_handler(image)
    app.add_handler(tts)
    app.add_handler(transcribe)
    app.run_polling()


if __name__ == "__main__":
    main()
