"""The sweep grid: hand cases for names and errors, properties for any table."""

from __future__ import annotations

import math
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumbench.errors import InputError
from sumbench.sweeps.grid import (
    MAX_NAME,
    Point,
    expand,
    merge,
    parse_list,
    parse_param_list,
    point_name,
)

KNOWN = frozenset({"sentences", "words", "seed", "language", "stem", "params"})
# Folder-safe: no separator, no leading dot, nothing a shell or Windows would trip on.
SAFE_NAME = re.compile(r"^[A-Za-z0-9%+=][A-Za-z0-9%+=.\-_~]*$")


def test_one_key_names_each_value() -> None:
    points = expand({"sentences": [3, 1, 2]}, KNOWN)
    assert [p.name for p in points] == ["sentences-1", "sentences-2", "sentences-3"]
    assert points[0] == Point("sentences-1", (("sentences", 1),))
    assert points[2].options() == {"sentences": 3}


def test_two_keys_are_sorted_and_crossed() -> None:
    points = expand({"words": [100, 50], "sentences": [1, 2]}, KNOWN)
    assert [p.name for p in points] == [
        "sentences-1_words-50",
        "sentences-1_words-100",
        "sentences-2_words-50",
        "sentences-2_words-100",
    ]


def test_parameter_keys_become_params() -> None:
    points = expand({"params.lexrank.threshold": [0.2, 0.1], "sentences": [3]}, KNOWN)
    assert [p.name for p in points] == [
        "params.lexrank.threshold-0.1_sentences-3",
        "params.lexrank.threshold-0.2_sentences-3",
    ]
    assert points[0].params() == (("lexrank", "threshold", 0.1),)
    assert points[0].options() == {"sentences": 3}


def test_values_are_escaped_in_names() -> None:
    assert point_name([("language", "a_b/c d")]) == "language-a%5Fb%2Fc%20d"
    assert point_name([("language", ".hidden")]) == "language-%2Ehidden"
    assert point_name([("stem", True), ("words", 1e-05)]) == "stem-true_words-1e-05"


def test_long_names_end_in_a_hash() -> None:
    long_a = point_name([("language", "x" * 300)])
    long_b = point_name([("language", "x" * 299 + "y")])
    assert len(long_a) == len(long_b) == MAX_NAME
    assert long_a != long_b


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({}, "at least one option"),
        ({"sentences": 3}, "sentences must be a list"),
        ({"sentences": "1,2"}, "sentences must be a list"),
        ({"sentences": []}, "sentences is an empty list"),
        ({"sentences": [1, 1]}, "lists a value twice"),
        ({"sentences": [1, [2]]}, "holds a list"),
        ({"words": [math.nan]}, "must be finite"),
        ({"colour": [1]}, "unknown option 'colour'"),
        ({"colour": 1, "sentences": [1]}, "unknown option 'colour'"),
        ({"params.lexrank": [0.1]}, "params.<system>.<attribute>"),
        ({"params.lexrank.threshold.x": [0.1]}, "params.<system>.<attribute>"),
    ],
)
def test_bad_tables_are_one_line_errors(table: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        expand(table, KNOWN)
    assert "\n" not in str(caught.value)


def test_params_keys_need_params_known() -> None:
    with pytest.raises(InputError, match="params"):
        expand({"params.lexrank.threshold": [0.1]}, {"sentences"})


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,2,3,4,5", (1, 2, 3, 4, 5)),
        (" 50, 100 ,200", (50, 100, 200)),
        ("0.1,0.2", (0.1, 0.2)),
        ("true,false", (True, False)),
        ("False,+3,1_000", ("False", "+3", "1_000")),  # not JSON: text, as --param reads it
        ("1e3,-2", (1000.0, -2)),
        ("english,german", ("english", "german")),
        ("3", (3,)),
        ("nan", ("nan",)),
    ],
)
def test_command_line_lists(text: str, values: tuple[object, ...]) -> None:
    parsed = parse_list("sentences", text)
    assert parsed == values
    assert [type(v) for v in parsed] == [type(v) for v in values]


@pytest.mark.parametrize("text", ["", " , ", "1,,2", "1,"])
def test_command_line_lists_without_items(text: str) -> None:
    with pytest.raises(InputError, match="--sentences"):
        parse_list("sentences", text)


def test_command_line_parameter_lists() -> None:
    key, values = parse_param_list("lexrank.threshold=0.1, 0.2")
    assert (key, values) == ("params.lexrank.threshold", (0.1, 0.2))
    assert expand({key: list(values)}, KNOWN)[1].params() == (("lexrank", "threshold", 0.2),)


@pytest.mark.parametrize("text", ["lexrank=0.1", "threshold=0.1", "lexrank.a.b=1", "lexrank.x"])
def test_bad_parameter_lists(text: str) -> None:
    with pytest.raises(InputError, match=re.escape("SYSTEM.PARAM=VALUE")):
        parse_param_list(text)


def test_command_line_replaces_the_file() -> None:
    merged = merge({"sentences": [1, 2], "words": [50]}, {"sentences": (3,)})
    assert merged == {"sentences": [3], "words": [50]}


scalars = st.one_of(
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(min_size=1, max_size=12),
)
value_lists = st.lists(scalars, min_size=1, max_size=4, unique_by=lambda v: (type(v).__name__, v))
keys = st.sampled_from(
    ["sentences", "words", "seed", "language", "stem", "params.lexrank.threshold", "params.lsa.x"]
)
tables = st.dictionaries(keys, value_lists, min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(tables, st.randoms(use_true_random=False))
def test_grid_properties(table: dict[str, list[Any]], rnd: random.Random) -> None:
    if any(len({point_name([(k, v)]) for v in vs}) < len(vs) for k, vs in table.items()):
        # Two values of one option written alike (true and "true"): refused, not merged.
        with pytest.raises(InputError, match="would name the same folder"):
            expand(table, KNOWN)
        return
    points = expand(table, KNOWN)
    assert len(points) == math.prod(len(v) for v in table.values())
    assert len({p.name for p in points}) == len(points)
    assert all(SAFE_NAME.match(p.name) and len(p.name) <= MAX_NAME for p in points)
    assert all([k for k, _ in p.overrides] == sorted(table) for p in points)
    # The same grid whatever order the file lists keys and values in.
    shuffled = {k: rnd.sample(v, len(v)) for k, v in rnd.sample(list(table.items()), len(table))}
    assert expand(shuffled, KNOWN) == points
    # Every combination once: the overrides are exactly the cross product.
    combos = {tuple((k, type(v).__name__, v) for k, v in p.overrides) for p in points}
    assert len(combos) == len(points)


@pytest.mark.parametrize(("first", "second"), [(True, "true"), (1, "1"), (0.5, "0.5")])
def test_values_written_alike_are_refused(first: Any, second: Any) -> None:
    with pytest.raises(InputError, match="which would name the same folder"):
        expand({"sentences": [second, first]}, KNOWN)
