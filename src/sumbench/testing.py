"""A pytest-friendly regression gate with the semantics of ``sumbench check``."""

from __future__ import annotations

from sumbench.gate import assert_no_regression

__all__ = ["assert_no_regression"]
