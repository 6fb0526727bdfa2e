"""Value generators shared by the detect tests (imported by module name)."""
from __future__ import annotations

import base64
import math
import random
import struct



def unit_vector(rng: random.Random, n: int = 128) -> list[float]:
    v = [rng.gauss(0, 1) for _ in range(n)]
    s = math.sqrt(sum(x * x for x in v))
    return [x / s for x in v]


def b64_vector(rng: random.Random, n: int = 128) -> str:
    return base64.b64encode(struct.pack(f"<{n}f", *unit_vector(rng, n))).decode()


def cn_ric(rng: random.Random) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = "440305" + f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


