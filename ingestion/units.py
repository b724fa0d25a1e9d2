"""Converting a value from the unit a file uses to the catalogue's unit (config/units.yml)."""

from __future__ import annotations

from functools import lru_cache

from ingestion.config import load_yaml
from ingestion.text import key


@lru_cache(maxsize=4096)
def unit_basis(unit: str) -> tuple[str, float] | None:
    """(base unit, factor to base) for a written unit; ``None`` for a blank unit."""
    k = key(unit).rstrip(".")
    if not k:
        return None
    cfg = load_yaml("units.yml")
    special = {key(u): v for u, v in (cfg.get("special") or {}).items()}
    if k in special:
        return str(special[k]["base"]), float(special[k]["factor"])
    scales = sorted(((key(w), float(f)) for w, f in (cfg.get("scale_words") or {}).items()), key=lambda x: -len(x[0]))
    for word, factor in scales:
        if k.startswith(word + " "):
            rest = k[len(word) + 1 :].strip()
            inner = unit_basis(rest)
            if inner is not None:
                return inner[0], inner[1] * factor
    return k, 1.0


def conversion_factor(given: str | None, target: str) -> float | None:
    """Multiply a value in ``given`` by this to express it in ``target``.

    A blank ``given`` means the catalogue unit (factor 1). ``None`` when the units measure
    different things and cannot be converted.
    """
    g = unit_basis(given or "")
    if g is None:
        return 1.0
    t = unit_basis(target)
    if t is None or g[0] != t[0]:
        return None
    return g[1] / t[1]
