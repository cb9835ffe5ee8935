"""Settings of the statistics (light: no numpy), read by the run's configuration."""

from __future__ import annotations

from dataclasses import dataclass

from sumbench.defaults import DEFAULTS, LIMITS
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
        for key, value, most in (
            ("bootstrap", self.resamples, LIMITS.bootstrap),
            ("trials", self.trials, LIMITS.trials),
        ):
            if value < 1:
                raise SettingError(key, f"{key} must be at least 1 (got {value})")
            if value > most:  # beyond, memory and time grow out of proportion to the gain
                raise SettingError(key, f"{key} must be at most {most:,} (got {value:,})")
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
