"""Data-quality suites (GX Core 1.x) and the code that runs them over ingested batches."""

import logging
import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
logging.getLogger("great_expectations").setLevel(logging.WARNING)
for _name in (
    "great_expectations",
    "great_expectations.data_context.types.base",
    "great_expectations._docs_decorators",
):
    logging.getLogger(_name).setLevel(logging.WARNING)


class _DropDocsSiteNotice(logging.Filter):
    """GX announces the temporary docs folder of every ephemeral context at INFO; an operator needs none."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "ephemeral docs site" not in record.getMessage()


logging.getLogger("great_expectations.data_context.types.base").addFilter(_DropDocsSiteNotice())
