"""A run: configuration, pipeline, executor, cache and signature.

``sumbench.run`` is both this package and the public function
:func:`sumbench.run.pipeline.run`: once a submodule is imported, Python binds the
package to the name ``run`` of ``sumbench``, so the package itself is made callable
and forwards to the function. ``sumbench.run(config)`` works either way.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from sumbench.run.pipeline import run

        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
