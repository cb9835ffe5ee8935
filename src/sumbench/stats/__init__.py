"""Statistics: resampling numerics, intervals and tests, selection diagnostics and warnings."""
