"""Test support: the Bot API emulator, the chat driver and pytest fixtures."""
