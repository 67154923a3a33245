"""The YAML reader: no type guessing, duplicate keys and hostile constructs refused, located."""

import pytest

from docgen.errors import ProblemsFound
from docgen.policy import load_policy_text
from docgen.yamlnodes import MAX_ALIASES, MAX_BYTES, load_file, load_text
from tests.helpers.policies import minimal_policy


def problems_of(text, loader=load_text):
    with pytest.raises(ProblemsFound) as info:
        loader(text, "f.yaml")
    return info.value.problems


def test_scalars_keep_the_authors_text():
    node = load_text("a: 012\nb: NO\nc: 1.10\nd: on\ne: ~\nf: 'null'\n")
    assert node.to_python() == {"a": "012", "b": "NO", "c": "1.10", "d": "on", "e": None, "f": "null"}


def test_strings_meant_as_strings_stay_strings_in_the_policy():
    loaded = load_policy_text(minimal_policy(**{'version: "1.0"': "version: 1.10", "name: Tiny Council": "name: NO"}))
    assert loaded.policy.version == "1.10"
    assert loaded.policy.agency.name == "NO"


def test_duplicate_key_is_located_and_names_the_first():
    [p] = problems_of("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (p.code, p.line, p.column, p.path) == ("yaml-duplicate-key", 4, 3, "b.c")
    assert "line 3" in p.hint


def test_syntax_error_is_located():
    [p] = problems_of("a: [1, 2\nb: 3\n")
    assert p.code == "yaml-syntax" and p.line == 2


def test_custom_and_python_tags_are_refused():
    [p] = problems_of("a: !!python/object:os.system echo\n")
    assert p.code == "yaml-tag" and (p.line, p.column) == (1, 4)


def test_merge_keys_are_refused():
    problems = problems_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert [p.code for p in problems] == ["yaml-tag"]


def test_aliases_are_capped():
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    [p] = problems_of(text)
    assert p.code == "yaml-aliases" and p.line == 2


def test_billion_laughs_is_stopped_by_the_value_budget():
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 6):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 8) + "]")
    problems = problems_of("\n".join(lines) + "\n")
    assert [p.code for p in problems] == ["yaml-aliases"]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * (MAX_BYTES + 1))
    [p] = problems_of(path, loader=lambda p, _: load_file(p))
    assert p.code == "yaml-too-large"


def test_missing_and_non_utf8_files_are_plain_errors(tmp_path):
    [p] = problems_of(tmp_path / "nope.yaml", loader=lambda p, _: load_file(p))
    assert p.code == "file-not-found"
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    [p] = problems_of(bad, loader=lambda p, _: load_file(p))
    assert p.code == "yaml-syntax" and "UTF-8" in p.hint
