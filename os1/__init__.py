"""OS¹: an offline voice assistant for the terminal.

Import what you need from the submodules: :mod:`os1.skill` to write a skill, :mod:`os1.testing`
to test one, :mod:`os1.app` to build an assistant. Nothing heavy is imported here.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
