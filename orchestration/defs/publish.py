"""The published warehouse: gate the build, then swap it in atomically."""


import os

import dagster as dg
from dagster import AssetExecutionContext

from orchestration import build
from orchestration.build import build_lock
from orchestration.defs.dbt import ioc_dbt_models
from orchestration.publish import gate, publish
from orchestration.settings import paths

PUBLISHED = dg.AssetKey(["warehouse", "published"])


@dg.asset(
    key=PUBLISHED,
    group_name="publish",
    kinds={"duckdb"},
    deps=list(ioc_dbt_models.keys),
    description="The DuckDB file BI tools read (IOC_WAREHOUSE_PATH), replaced in one atomic rename.",
)
def published_warehouse(context: AssetExecutionContext) -> dg.MaterializeResult:
    p = paths()
    max_shrink = 1.0 if os.environ.get("IOC_ALLOW_SHRINK") == "1" else 0.5
    with build_lock(p):
        scope, years = build.published_scope(p)
        result = gate(p.build_published, p.warehouse, max_shrink=max_shrink, scope=scope, years=years,
                      marker=p.build.with_suffix(".ok.json"))
        if not result.passed:
            build.invalidate(p)  # the next refresh rebuilds and gates everything again
            raise dg.Failure(
                description="the built warehouse failed the publish gate; the published warehouse is unchanged: "
                + "; ".join(result.failures),
                metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in result.failures))},
            )
        context.log.info("gate passed on " + (
            "every indicator" if scope is None else f"the {len(scope)} indicator(s) rebuilt" if years is None
            else f"the {len(scope)} indicator(s) rebuilt, in the {len({y for _, y in years})} year(s) rebuilt")
            + "; publishing")
        counts = publish(p.build_published, p.warehouse)
    context.log.info(f"published {p.warehouse}: {counts.get('marts.fct_indicator_value', 0):,} current values")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(p.warehouse)),
            **{k: v for k, v in counts.items() if k in ("marts.fct_indicator_value", "audit.load_log",
                                                          "audit.quarantine", "marts.dim_indicator")},
        }
    )
