"""The same settings rewrite in an ordinary module, called from a request
handler: concurrent requests interleave at its awaits, so one can write between
another's read and write and lose its update (reported)."""
import json


async def rename_setting_key(db, old_key, new_key):
    cursor = await db.execute("SELECT value FROM settings WHERE key = 'options' LIMIT 1")
    row = await cursor.fetchone()
    if not row:
        return
    data = json.loads(row[0])
    if old_key not in data:
        return
    data[new_key] = data.pop(old_key)
    await db.execute("UPDATE settings SET value = ? WHERE key = 'options'", (json.dumps(data),))
    await db.commit()
