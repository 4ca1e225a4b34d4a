"""refuge-guide: legal information for refugees in Belgium facing a foreign state's request.

The package is arranged as a one-way pipe (see ``docs/architecture.md``):
channel adapter -> pure dialog runner -> session store -> channel adapter.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("refuge-guide")
    """The installed distribution's version: written once, in ``pyproject.toml``."""
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
