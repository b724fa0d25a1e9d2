"""The published warehouse: gate the build, then swap it in atomically."""


import dagster as dg
from pydantic import Field

from orchestration import build
from orchestration.defs.dbt import KEPT, MANIFEST, TRANSLATOR, dbt_models
from orchestration.publish import PublishRefused, gate, publish
from orchestration.resources import Warehouse

PUBLISHED = dg.AssetKey(["warehouse", "published"])


class PublishConfig(dg.Config):
    allow_shrink: bool = Field(
        default=False,
        description="Publish even if the current values would shrink by more than half (a landing folder "
        "emptied on purpose).",
    )


@dg.asset(
    key=PUBLISHED,
    group_name="warehouse",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    # the models every build runs: those an incremental build keeps are upstream of them
    deps=[key for key in dbt_models.keys if key not in {
        TRANSLATOR.get_asset_key(n) for n in MANIFEST["nodes"].values() if n["name"] in KEPT}],
    description="The DuckDB file BI tools read (IOC_WAREHOUSE_PATH), replaced in one atomic rename once the "
    "build passed dbt's tests and the publish gate.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse,
                        config: PublishConfig) -> dg.MaterializeResult:
    p = warehouse.paths()
    with build.build_lock(p):
        state = build.read_state(p)
        result = gate(p.build_published, p.warehouse, state, max_shrink=1.0 if config.allow_shrink else 0.5)
        if not result.passed:
            build.invalidate(p)  # the next refresh rebuilds and tests everything again
            raise dg.Failure(
                description="the build failed the publish gate; the published warehouse is unchanged: "
                + "; ".join(result.failures),
                metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in result.failures))},
            )
        try:
            publish(p.build_published, p.warehouse, state.digests.get(p.build_published.name))
        except PublishRefused as exc:
            build.invalidate(p)
            raise dg.Failure(description=str(exc)) from exc
    values = result.counts.get("marts.fct_indicator_value", 0)
    context.log.info(f"published {p.warehouse}: {values:,} current values")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(p.warehouse)),
        "dagster/row_count": values,
        **{table: count for table, count in result.counts.items()},
    })
