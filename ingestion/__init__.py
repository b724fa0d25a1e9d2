"""Reading departmental exports into canonical observations.

Pure Python: no Dagster and no dbt imports. Every reader returns canonical rows
plus row-level problems; only a file that cannot be read at all raises
:class:`ingestion.model.FileRejected`.
"""
