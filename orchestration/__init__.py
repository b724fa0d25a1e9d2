"""The Dagster code location: assets, checks, schedules and sensors wiring ingestion, GX and dbt."""
