"""The output contract every system's result must meet: check_selection, resolve_output."""

from __future__ import annotations

import pytest

from sumbench.errors import InputError
from sumbench.systems.base import ParsedDocument, System, check_selection, resolve_output

DOC = ParsedDocument("d", ("First.", "Second.", "Third.", "Fourth."), None, (), ())


def _system(*, extractive: bool = True) -> System:
    return System("s", "test system", lambda doc, ctx: (), extractive=extractive)


@pytest.mark.parametrize("indices", [(), (0,), (0, 2), (1, 2, 3)])
def test_distinct_ordered_indices_within_k_pass(indices: tuple[int, ...]) -> None:
    check_selection(indices, doc=DOC, k=3, system="s")


@pytest.mark.parametrize(
    ("indices", "message"),
    [
        ((0, 1, 2, 3), "more than k=3"),
        ((4,), "outside the document"),
        ((-1,), "outside the document"),
        ((2, 1), "repeated or out-of-order"),
        ((1, 1), "repeated or out-of-order"),
    ],
)
def test_bad_selections_name_system_and_document(indices: tuple[int, ...], message: str) -> None:
    with pytest.raises(InputError, match=message) as error:
        check_selection(indices, doc=DOC, k=3, system="s")
    assert "system 's' on document 'd'" in str(error.value)


def test_indices_resolve_to_the_document_sentences() -> None:
    assert resolve_output([0, 3], doc=DOC, k=3, system=_system()) == (
        (0, 3),
        ("First.", "Fourth."),
    )


def test_text_only_from_non_extractive_systems_and_stripped() -> None:
    with pytest.raises(InputError, match="must return sentence indices"):
        resolve_output(["A."], doc=DOC, k=3, system=_system())
    found = resolve_output([" A. ", "", "B."], doc=DOC, k=1, system=_system(extractive=False))
    assert found == ((), ("A.", "B."))  # K does not limit text; empty lines are dropped


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("A.", "returned str, not a list"),
        (None, "returned NoneType, not a list"),
        ([0, "A."], "mixing types"),
        ([True], "mixing types"),
        (["", " "], "empty summary"),
    ],
)
def test_malformed_outputs_are_input_errors(output: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        resolve_output(output, doc=DOC, k=3, system=_system(extractive=False))
