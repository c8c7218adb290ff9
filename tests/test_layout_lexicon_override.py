"""The header-alias-free lexicon used to measure the parser's independence from header names."""

from __future__ import annotations

from nlp_audit.layout.lexicon import HEADER_ALIAS_KEYS, lex, without_header_aliases


def test_without_header_aliases_hides_every_column_name_and_restores_them() -> None:
    before = dict(lex().labels)
    assert before.get("年度指标值") == ("tcol", "target")
    with without_header_aliases() as lx:
        assert lex() is lx
        assert not any(fam in ("tcol", "fcol") for fam, _ in lx.labels.values())
        assert not lx.header_fragments and not lx.families
        assert "项目名称" in lx.labels  # header field labels are not column headers: kept
        assert lx.level1  # category labels are kept too
    assert lex().labels == before
    assert set(HEADER_ALIAS_KEYS) == {"table_columns", "funds_columns", "header_fragments", "families"}
