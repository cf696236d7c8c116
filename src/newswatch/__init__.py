"""newswatch: enforcement figures from news about scam-compound crackdowns."""

__version__ = "0.1.0"

# The version of the figure extractor (newswatch.extract): bump it when what it reads changes, and
# `newswatch reextract` runs the new one over the articles an older one read. Kept here, so that
# knowing it does not load the extractor.
EXTRACTOR_VERSION = "6"
