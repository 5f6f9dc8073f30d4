"""The one safe YAML loader: limits checked before any node is built, duplicate keys refused, plain data only."""

from __future__ import annotations

import pytest
import yaml

from riskmodel import safe_yaml
from riskmodel.safe_yaml import Limits, YamlError


def refused(text, limits=safe_yaml.DEFAULT_LIMITS) -> YamlError:
    with pytest.raises(YamlError) as err:
        safe_yaml.load(text, limits)
    return err.value


def test_plain_data_loads_as_pyyaml_safe_load_does():
    text = "a: 1\nb: [x, 2.5, true, null, 2024-01-01]\nc: {d: 'e'}\nf: &x [1]\ng: *x\n<<: {h: 1}\n"
    assert safe_yaml.load(text) == yaml.safe_load(text)
    assert safe_yaml.load("") is None and safe_yaml.load("# only a comment\n") is None


def test_the_node_tree_carries_lines():
    data, node = safe_yaml.load_with_node("a:\n  b: [1, 2]\n")
    assert data == {"a": {"b": [1, 2]}}
    key, value = node.value[0]
    assert (key.value, value.start_mark.line) == ("a", 1)


@pytest.mark.parametrize(
    "text, kind, line",
    [
        ("[" * 100_000, "too_deep", 1),
        ("a:\n" + "".join(" " * i + "- \n" for i in range(1, 80)), "too_deep", None),
        ("a: 1\nb: 2\na: 3\n", "duplicate_key", 3),
        ("x: {k: 1, k: 2}\n", "duplicate_key", 1),
        ("x: &a [*a]\n", "alias_recursive", 1),
        ("x: *nope\n", "syntax", 1),
        ("--- 1\n--- 2\n", "several_documents", 2),
        ("x: !!python/object/apply:os.system [ls]\n", "tag", 1),
        ("x: \x00\n", "syntax", 1),
        ("x: [1, 2\ny: 3\n", "syntax", None),
    ],
)
def test_hostile_text_is_refused_with_its_kind_and_line(text, kind, line):
    err = refused(text)
    assert err.kind == kind and err.key == f"validation.yaml.{kind}"
    if line is not None:
        assert err.line == line
    for lang in ("zh", "en"):
        message = err.message(lang)
        assert message and not any(f"{{{name}}}" in message for name in ("line", "limit", "problem", "name")), message


def test_an_alias_bomb_is_counted_with_what_it_repeats():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    assert refused(bomb).kind == "too_many_nodes"
    # map, a, [1, 2] (3 nodes), b, [ …] and twice the 3 nodes of *a: 13
    text = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert safe_yaml.load(text, Limits(max_nodes=13)) == {"a": [1, 2], "b": [[1, 2], [1, 2]]}
    assert refused(text, Limits(max_nodes=12)).kind == "too_many_nodes"


def test_limits_are_the_callers():
    assert refused("x" * 11, Limits(max_size=10)).kind == "too_large"
    assert refused(b"x" * 11, Limits(max_size=10)).kind == "too_large"
    assert refused("[[[1]]]", Limits(max_depth=2)).kind == "too_deep"
    assert safe_yaml.load("[[1]]", Limits(max_depth=2)) == [[1]]


def test_files_are_checked_by_size_before_they_are_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(YamlError):
        safe_yaml.load_file(path)  # a hundred times the same key
    with pytest.raises(YamlError) as err:
        safe_yaml.load_file(path, Limits(max_size=100))
    assert err.value.kind == "too_large" and err.value.params["size"] == "500"


def test_text_encodings():
    assert safe_yaml.load("名称: 测试".encode()) == {"名称": "测试"}
    assert safe_yaml.load(b"\xef\xbb\xbfa: 1") == {"a": 1}
    assert safe_yaml.load("名称: 测试".encode("gb18030")) == {"名称": "测试"}
    assert refused(b"a: 1\nb: \xff\xfe\x81\x00").kind == "not_text"


def test_an_error_is_a_validation_error_whose_message_is_looked_up_only_when_shown():
    err = refused("a: 1\na: 2\n")
    assert isinstance(err, ValueError)
    assert "a" in err.message("en") and "line 1" in err.message("en") and "第 2 行" in err.message("zh")
    assert err.plain() == "duplicate_key (line 2): first_line=1, name=a"
