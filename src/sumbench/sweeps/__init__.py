"""Sweeps: one run per point of a grid of options, and the table, plot and page across them."""
