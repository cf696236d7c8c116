"""Pure parsing at the intake: feed bytes -> entries, HTML -> article text. No network."""
