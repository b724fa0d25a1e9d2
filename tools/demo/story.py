"""What the demo shows once published: one series across the July 2025 reorganisation, on today's geography.

After a demo refresh ``iocw demo`` prints, from ``marts.mart_comparable_series``, the yearly birth registrations
(kept down to the communes in every demo size) of three of the new communes and wards: one made only of whole
old communes (its history is their sum), one that kept its territory (its history is its own), and one that took
part of a divided commune (no history: never estimated).
"""

from __future__ import annotations

from pathlib import Path

#: An additive flow that the demo sends by commune, and three new units, one of each kind of history:
#: Phường Bình Dương (4 whole old communes), Phường Thới Hòa (unchanged), Phường Thủ Dầu Một (2 divided communes).
INDICATOR = "TP.008"
AREAS = ("25760", "25846", "25747")
YEARS = (2023, 2025)


def comparable_series(
    warehouse: Path, indicator: str = INDICATOR, areas: tuple[str, ...] = AREAS, years: tuple[int, int] = YEARS
) -> str:
    """A short text table of the indicator's yearly values for the areas, with how each was obtained; read
    from the published file, read-only."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        head = con.execute(
            "select name_vi, unit from marts.dim_indicator where indicator_code = ?", [indicator]
        ).fetchone()
        rows = con.execute(
            """
            select c.area_code, a.name_vi, c.period_code, c.value, c.how_obtained, c.source_area_codes
            from marts.mart_comparable_series as c
            inner join marts.dim_area as a on c.area_key = a.area_key
            where c.indicator_code = ? and c.value_type = 'actual' and c.area_code in (select unnest(?))
              and c.period_code in (select unnest(?))
            order by list_position(?, c.area_code), c.period_code
            """,
            [indicator, list(areas), [str(y) for y in range(years[0], years[1] + 1)], list(areas)],
        ).fetchall()
    finally:
        con.close()
    name, unit = head if head else (indicator, "")
    out = [f"{indicator} {name} ({unit}), on today's geography (marts.mart_comparable_series):"]
    if not rows:
        return out[0] + " no rows"
    width = max(len(f"{r[1]} ({r[0]})") for r in rows)
    out.append(f"  {'area':<{width}}  year       value  how_obtained               from")
    for code, area, period, value, how, sources in rows:
        shown = "—" if value is None else f"{value:,.0f}"
        out.append(f"  {f'{area} ({code})':<{width}}  {period}  {shown:>10}  {how:<25}  {sources}")
    return "\n".join(out)
