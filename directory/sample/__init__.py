"""The fictional sample directory (plus real national helplines) used for demos, development and tests."""

from .loader import LoadReport, SampleDataError, load_sample

__all__ = ["LoadReport", "SampleDataError", "load_sample"]
