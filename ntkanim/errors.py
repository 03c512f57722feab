"""Errors the engine raises for the command line to report (no torch needed to catch them)."""


class DivergenceError(RuntimeError):
    """Training produced a NaN or infinite loss."""
