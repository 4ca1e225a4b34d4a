"""Constants shared by the emulator's own tests."""

#: The private chat every emulator test fixture registers.
CHAT = 4242
