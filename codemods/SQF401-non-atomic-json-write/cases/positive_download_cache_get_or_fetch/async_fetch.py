import aiohttp


class ModelStore:
    def __init__(self, index, root):
        self.index = index
        self.root = root

    async def weights(self, name, url):
        hit = self.index.lookup(name)
        if hit:
            return hit
        target = self.root / f"{name}.safetensors"
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as resp:
                with target.open(mode="wb") as out:
                    async for block in resp.content.iter_chunked(1 << 16):
                        out.write(block)
        self.index.add(name, target)
        return target
