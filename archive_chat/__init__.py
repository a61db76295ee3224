"""archive-chat: a cited chat assistant over a news and commentary archive."""

__version__ = "0.1.0"
