"""The parts of ``benchmarks/bot_bench.py``: a fake Bot API, simulated users, the bots
compared, stored sessions made directly on disk, one trial, and the report.

Kept apart from ``tests/support`` on purpose: the emulator there speaks HTTP and checks
every rule Telegram has, which is right for tests and far too slow to measure a bot
with; here a :class:`telegram.request.BaseRequest` answers in-process at once.
"""
