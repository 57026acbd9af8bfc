"""ChatApp: a desktop app for chatting with local language models."""

__version__ = "0.1.0"
APP_NAME = "ChatApp"
