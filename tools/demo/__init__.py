"""Demo data: a seeded, deterministic generator of realistic departmental exports.

    from tools.demo import generate
    summary = generate(Path("data/landing"), size="S")

or ``python -m tools.demo data/landing --size S``.
"""

from tools.demo.generator import SIZES, generate

__all__ = ["SIZES", "generate"]
