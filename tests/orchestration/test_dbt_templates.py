"""dbt's macro templates kept compiled between processes: the same templates dbt makes, from a file."""

import marshal
from types import SimpleNamespace

import pytest
from dbt_common.clients import jinja as dbt_jinja

from orchestration.defs import dbt_templates

ADD = "{% macro add_one(x) %}{{ x }} + 1{% endmacro %}"
GREET = "{% macro greet(name) -%} xin chào {{ name | upper }} {%- endmacro %}"


@pytest.fixture
def template_cache(monkeypatch):
    """dbt's process-wide template cache, empty for the test."""
    cache: dict = {}
    monkeypatch.setattr(dbt_jinja.template_cache, "file_cache", cache)
    return cache


def _macros(*sources):
    return [SimpleNamespace(macro_sql=s) for s in sources]


def _render(template, name, *args):
    return str(getattr(template.make_module(vars={}), dbt_jinja.get_dbt_macro_name(name))(*args)).strip()


def test_templates_come_from_the_kept_file_as_dbt_would_compile_them(tmp_path, template_cache):
    assert dbt_templates.load(_macros(ADD, GREET), tmp_path) == {"kept": 0, "compiled": 2}
    path = dbt_templates.cache_path(tmp_path)
    assert path.exists()
    first = dict(template_cache)

    template_cache.clear()  # the next process
    assert dbt_templates.load(_macros(ADD, GREET), tmp_path) == {"kept": 2, "compiled": 0}
    for source in (ADD, GREET):
        ours, dbts = template_cache[source], dbt_jinja.get_template(source, {})
        assert type(ours) is type(dbts) and type(ours.environment) is type(dbts.environment)
        assert ours is not first[source]
    assert _render(template_cache[ADD], "add_one", 41) == _render(dbt_jinja.get_template(ADD, {}), "add_one", 41)
    assert _render(template_cache[GREET], "greet", "Bình Dương") == "xin chào BÌNH DƯƠNG"
    # what the file holds is the code Jinja makes of each source
    kept = marshal.loads(path.read_bytes())
    assert kept[dbt_templates._digest(ADD)] == dbt_jinja.get_environment().compile(ADD)


def test_a_changed_macro_is_compiled_again_and_a_gone_one_dropped(tmp_path, template_cache):
    dbt_templates.load(_macros(ADD, GREET), tmp_path)
    template_cache.clear()
    changed = ADD.replace("+ 1", "+ 2")
    assert dbt_templates.load(_macros(changed), tmp_path) == {"kept": 0, "compiled": 1}
    assert _render(template_cache[changed], "add_one", 1) == "1 + 2"
    assert set(marshal.loads(dbt_templates.cache_path(tmp_path).read_bytes())) == {dbt_templates._digest(changed)}


def test_an_unreadable_file_means_compiling_as_dbt_does(tmp_path, template_cache):
    path = dbt_templates.cache_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not marshal data")
    assert dbt_templates.load(_macros(ADD), tmp_path) == {"kept": 0, "compiled": 1}
    assert _render(template_cache[ADD], "add_one", 1) == "1 + 1"
    template_cache.clear()
    assert dbt_templates.load(_macros(ADD), tmp_path) == {"kept": 1, "compiled": 0}  # rewritten


def test_a_macro_that_does_not_compile_is_left_to_dbt(tmp_path, template_cache):
    broken = "{% macro broken() %}{{ x {% endmacro %}"
    assert dbt_templates.load(_macros(broken, ADD), tmp_path) == {"kept": 0, "compiled": 1}
    assert broken not in template_cache and ADD in template_cache


def test_dbts_macro_debugging_turns_it_off(tmp_path, template_cache, monkeypatch):
    monkeypatch.setattr(dbt_jinja, "MACRO_DEBUGGING", "write")
    assert dbt_templates.load(_macros(ADD), tmp_path) == {"kept": 0, "compiled": 0}
    assert not template_cache and not dbt_templates.cache_path(tmp_path).exists()
