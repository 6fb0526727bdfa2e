"""Laws a collection's content falls under, from the table in ``data/regulations.yaml``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from leakwarden.report import CATEGORIES

#: Derived signals a regulation may be triggered by, besides categories.
SIGNALS = frozenset({"personal", "trajectory", "precise_location", "minor"})


@dataclass(frozen=True)
class Regulation:
    id: str
    title: str
    law: str
    url: str
    triggers: tuple[str, ...]


@lru_cache(maxsize=1)
def load_regulations() -> tuple[Regulation, ...]:
    text = resources.files("leakwarden.risk").joinpath("data/regulations.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)
    out = []
    for row in rows:
        triggers = tuple(row["triggers"])
        unknown = [t for t in triggers if t not in SIGNALS and t not in CATEGORIES]
        if unknown:
            raise ValueError(f"regulations.yaml: {row['id']} has unknown triggers {unknown}")
        out.append(Regulation(row["id"], row["title"], row.get("law", ""), row.get("url", ""), triggers))
    return tuple(out)


def regulation_triggers(categories: Iterable[str], signals: Iterable[str]) -> dict[str, list[str]]:
    """``{regulation id: [categories and signals that trigger it]}`` in table order.

    Nothing applies unless ``"personal"`` is among the signals: these are
    personal-data laws.
    """
    present = set(categories) | set(signals)
    if "personal" not in present:
        return {}
    out: dict[str, list[str]] = {}
    for reg in load_regulations():
        hit = [t for t in reg.triggers if t in present]
        if hit:
            out[reg.id] = hit
    return out


def regulation_order() -> dict[str, int]:
    return {reg.id: i for i, reg in enumerate(load_regulations())}
