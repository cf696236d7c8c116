"""newswatch: enforcement figures from news about scam-compound crackdowns."""

__version__ = "0.1.0"
