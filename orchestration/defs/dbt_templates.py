"""dbt's macro templates, compiled once and kept on disk for the next process's dbt.

dbt compiles a macro's Jinja into Python the first time a process calls it (``dbt_common``'s
``template_cache``): an incremental build at size M calls 99 of the project's 524 macros (the table,
incremental and test materializations and what they call), and compiling them took 0.22-0.26 s of one
core, paid by the build's first nodes at once, as they compete for dbt's interpreter lock (the first
staging tables took 0.38-0.50 s each against 0.19-0.29 s with the templates ready). Every run is a new
process, so every run paid it.

This keeps each macro's compiled code (the code object Jinja's ``Environment.compile`` makes of its
source) in one marshalled dictionary, ``<project>/target/macro_templates/<key>.marshal``, under a key of
the Python, Jinja, dbt-common and dbt-core versions (code objects and dbt's Jinja environment may change
with any of them). The worker's warm-up puts every macro's template into dbt's cache from it, as dbt's
own ``get_template`` would make it (``Environment.from_string``: the same environment, compiled code and
globals), in ~0.02 s; macros not kept yet (the first run, a changed macro) are compiled there once and
the file rewritten. An unreadable file means dbt compiles as it always does. ``DBT_MACRO_DEBUGGING``
(dbt's own switch to map templates to their source for debugging) turns the cache off, since it hooks
the compile this skips.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import marshal
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from dbt_common.clients import jinja as dbt_jinja

log = logging.getLogger(__name__)


def cache_path(project_dir: Path) -> Path:
    versions = "|".join((sys.version, jinja2.__version__, importlib.metadata.version("dbt-common"),
                         importlib.metadata.version("dbt-core")))
    key = hashlib.sha256(versions.encode()).hexdigest()[:16]
    return Path(project_dir) / "target" / "macro_templates" / f"{key}.marshal"


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def _read(path: Path) -> dict[str, CodeType]:
    """The kept code objects by their source's digest; nothing if the file is missing or unreadable."""
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, CodeType)}


def load(macros: Iterable[Any], project_dir: Path) -> dict[str, int]:
    """Put the compiled template of each macro (dbt's manifest's ``macros.values()``) into dbt's template
    cache, from the file kept for ``project_dir``, compiling and keeping those it lacks. Returns how many
    came from the file and how many were compiled."""
    counts = {"kept": 0, "compiled": 0}
    if dbt_jinja.MACRO_DEBUGGING:
        return counts
    path = cache_path(project_dir)
    kept = _read(path)
    cache = dbt_jinja.template_cache.file_cache
    current: dict[str, CodeType] = {}
    for macro in macros:
        source = macro.macro_sql
        digest = _digest(source)
        if source in cache:
            if digest in kept:
                current[digest] = kept[digest]
            continue
        env = dbt_jinja.get_environment()  # dbt makes one per template, as here
        code = kept.get(digest)
        if code is not None:
            counts["kept"] += 1
        else:
            try:
                code = env.compile(source)
            except jinja2.TemplateError:
                continue  # dbt raises it, with the macro's name, when the macro is called
            counts["compiled"] += 1
        current[digest] = code
        cache[source] = env.template_class.from_code(env, code, env.make_globals({}), None)
    if counts["compiled"] or current.keys() != kept.keys():
        _write(path, current)
    return counts


def _write(path: Path, codes: dict[str, CodeType]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(codes))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only project: the next run compiles again
        log.debug("could not keep dbt's compiled macro templates at %s: %s", path, exc)
