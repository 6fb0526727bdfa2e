"""Value generators shared by the detect tests (imported by module name)."""
from __future__ import annotations

import base64
import math
import random
import struct
from datetime import date

from leakwarden.detect.values import time as dt



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


def mutations(text: str, rng: random.Random, alphabet: str, n: int = 6) -> list[str]:
    """``text`` with one character replaced, inserted or deleted, ``n`` times over."""
    out = []
    for _ in range(n):
        chars = list(text)
        op = rng.randrange(3)
        i = rng.randrange(len(chars) + 1)
        if op == 0 and i < len(chars):
            chars[i] = rng.choice(alphabet)
        elif op == 1:
            chars.insert(i, rng.choice(alphabet))
        elif chars:
            del chars[min(i, len(chars) - 1)]
        out.append("".join(chars))
    return out


def reference_parse(text: str, allow_compact: bool = False) -> tuple[int, int, int, bool] | None:
    """parse_datetime_text without its fast paths: every general pattern in turn, datetime.date to check the day."""
    if not 8 <= len(text) <= 64:
        return None
    if text[0].isdigit():
        for rx in (dt._ISO, dt._CN, dt._DMY, dt._ISO_BASIC, dt._RFC):
            m = rx.fullmatch(text)
            if m is not None:
                break
        else:
            m = dt._COMPACT.fullmatch(text) if allow_compact and text.isascii() and text.isdigit() else None
            if m is None:
                return None
    else:
        m = dt._RFC.fullmatch(text) or dt._MDY.fullmatch(text)
        if m is None:
            return None
    g = m.groupdict()
    y, d = int(g["y"]), int(g["d"])
    mo = dt._MONTHS.get(g["mon"][:3].lower(), 0) if g.get("mon") else int(g["m"])
    has_time = g.get("H") is not None

    def exists(y: int, mo: int, d: int) -> bool:
        try:
            date(y, mo, d)
        except ValueError:
            return False
        return 1800 <= y <= 2100

    if exists(y, mo, d):
        return (y, mo, d, has_time)
    if g.get("s") == "/" and m.re is dt._DMY and exists(y, d, mo):
        return (y, d, mo, has_time)
    return None
