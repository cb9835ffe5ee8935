"""The engine of a run: configuration, pipeline, executor, cache, signature and writer.

The public entry point is :func:`sumbench.run` (``sumbench.engine.pipeline.run``).
"""
