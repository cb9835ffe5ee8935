"""Settings of the statistics (light: no numpy), read by the run's configuration."""

from __future__ import annotations

from dataclasses import dataclass

from sumbench.defaults import DEFAULTS
from sumbench.errors import SettingError

# Up to this many documents the paired test enumerates all 2**n sign flips (exact).
EXACT_MAX_DOCS = 12
CI_METHOD = "percentile-bootstrap"
TEST_METHOD = "paired-randomization"


@dataclass(frozen=True)
class StatsConfig:
    """Settings of the statistics; they change intervals and p-values, never scores."""

    resamples: int = DEFAULTS["bootstrap"].default
    confidence: float = DEFAULTS["confidence"].default
    trials: int = DEFAULTS["trials"].default

    def __post_init__(self) -> None:
        if self.resamples < 1:
            raise SettingError("bootstrap", f"bootstrap must be at least 1 (got {self.resamples})")
        if self.trials < 1:
            raise SettingError("trials", f"trials must be at least 1 (got {self.trials})")
        if not 0 < self.confidence < 1:
            raise SettingError(
                "confidence", f"confidence must be between 0 and 1 (got {self.confidence})"
            )

    @property
    def alpha(self) -> float:
        """Significance level that matches the confidence level."""
        return 1 - self.confidence

    @property
    def level(self) -> str:
        """The level as tables print it: ``95`` for 0.95, ``95.5`` for 0.955."""
        return f"{round(self.confidence * 100, 6):g}"
