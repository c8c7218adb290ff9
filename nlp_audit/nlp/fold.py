"""Alias of the folding functions of nlp_audit/text.py, kept for the quantity grammar's import
(nlp_audit.quantities.lexicon); new code imports nlp_audit.text."""

from ..text import extend, fold, fold_with, table, traditional

__all__ = ["extend", "fold", "fold_with", "table", "traditional"]
