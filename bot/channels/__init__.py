"""Channel adapters: they turn input into events and draw views; no conversation logic."""
