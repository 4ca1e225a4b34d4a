"""refuge-guide: legal information for refugees in Belgium facing a foreign state's request.

The package is arranged as a one-way pipe (see ``docs/architecture.md``):
channel adapter -> pure dialog runner -> session store -> channel adapter.
"""

__version__ = "0.1.0"
