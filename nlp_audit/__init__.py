"""nlp-audit: where the words and the numbers of a Chinese performance form disagree."""

__version__ = "0.1.0"
