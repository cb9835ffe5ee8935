"""The text of ``sumbench --version``: sumbench's version and those that enter the signature.

The version has one source, ``[project] version`` in pyproject.toml, read back from
the installed package's metadata; nothing else in the code base spells it.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

# Distributions whose versions can move scores (the signature records sumy, rouge-score
# and the segmenter; numpy runs LSA's SVD and the statistics).
SCORED_WITH = ("rouge-score", "sumy", "sentencex", "numpy")


def package_version(name: str) -> str:
    """Installed version of a distribution, or ``not installed``."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def version_text() -> str:
    """``sumbench X`` then one ``name version`` line per score-relevant dependency."""
    lines = [f"sumbench {package_version('sumbench')}"]
    lines += [f"  {name} {package_version(name)}" for name in SCORED_WITH]
    lines.append(f"  python {platform.python_version()} ({platform.python_implementation()})")
    return "\n".join(lines)
