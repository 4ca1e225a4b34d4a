"""The conversation: flows as data, their loader and checks, and the pure runner."""

from bot.dialog.events import Event, Press, Restart, Start, TextInput
from bot.dialog.loader import load_flows
from bot.dialog.model import Flow, Node, Option
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import Button, Paragraph, View

__all__ = [
    "Button",
    "Event",
    "Flow",
    "Node",
    "Option",
    "Paragraph",
    "Press",
    "Restart",
    "Runner",
    "SessionState",
    "Start",
    "TextInput",
    "View",
    "load_flows",
]
