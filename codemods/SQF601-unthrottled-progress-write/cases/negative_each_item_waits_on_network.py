"""Progress rows written once per item, where each item first waits on the
network (an API asked about it, a download, a subprocess, a long pause): the
writes come seconds apart, however long the list is."""

import asyncio
import sqlite3
import subprocess
import time

import requests
from openai import OpenAI

conn = sqlite3.connect("imports.db")
llm = OpenAI()


def describe(title):
    answer = llm.chat.completions.create(model="small", messages=[{"role": "user", "content": title}])
    return answer.choices[0].message.content


def import_feed(job_id, urls):
    done = 0
    for url in urls:
        page = requests.get(url, timeout=30)
        done += 1
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (done, job_id))
        conn.commit()
        print(len(page.content))


def summarise_titles(job_id, titles):
    for n, title in enumerate(titles):
        describe(title)
        conn.execute("UPDATE jobs SET status = ?, progress = ? WHERE id = ?", ("running", n, job_id))
        conn.commit()


def transcode_all(job_id, files):
    for i, name in enumerate(files):
        subprocess.run(["ffmpeg", "-i", name, name + ".mp4"], check=True)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (i, job_id))
        conn.commit()


async def poll_devices(job_id, devices):
    for i, device in enumerate(devices):
        device.refresh()
        await asyncio.sleep(2)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (i, job_id))
        conn.commit()


def ping_slowly(job_id, hosts):
    for i, host in enumerate(hosts):
        host.ping()
        time.sleep(1.5)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (i, job_id))
        conn.commit()
