"""Start-up data migrations: the service awaits `migrate(db)` before it serves,
so the loop's other tasks do not exist yet while a migration reads a settings
row and writes back what it computed from it. Nothing can write between the
read and the write."""
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


async def migrate(db):
    await db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
    await rename_setting_key(db, "max_items", "item_limit")
