"""Demo data: a seeded, deterministic generator of realistic departmental exports.

    from ingestion.demo import generate
    summary = generate(Path("data/landing"), size="S")

or ``python -m ingestion.demo data/landing --size S``.
"""

from ingestion.demo.generator import SIZES, generate

__all__ = ["SIZES", "generate"]
