"""The project a prose report (自评报告) is about, read from its title lines.

Why: a report has no 项目名称 cell; it names its project where a reader looks first — quoted or
bracketed in the title ("关于“2024年社区养老服务补助资金”使用情况", "(县级河道保洁维护经费项目)"),
or as the line or phrase before 绩效自评报告 / 绩效自评 ("**县2023年度农田灌溉设施补助资金 / 绩效自评报告").
Only names that end as a fund or project is named (…资金, …项目, …经费, …专项) are taken.
"""

from __future__ import annotations

import re

_HEAD_CHARS = 600
_NAME_END = r"(?:资金|项目|经费|专项|补助|补贴)"
_QUOTED = re.compile(r"[“\"「]([^“”\"「」\n]{4,40}?" + _NAME_END + r")[”\"」]")
_BRACKETED = re.compile(r"[(（]([^()（）\n]{4,40}?" + _NAME_END + r")[)）]")
_BEFORE_TITLE = re.compile(r"(?:^|(?<=[\s,，。；;》]))([^\s,，。；;《》()（）…]{4,40}?" + _NAME_END + r")[ \t]*(?:\n[ \t]*)?"
                           r"(?:项目支出|支出)?(?:绩效自评|绩效评价|自评报告|自评价报告|管理使用情况)", re.M)


def report_project(text: str) -> tuple[str, int] | None:
    """(name, offset in ``text``) of the project a report names in its first lines, or None."""
    head = text[:_HEAD_CHARS]
    found = [m for rx in (_QUOTED, _BRACKETED, _BEFORE_TITLE) for m in rx.finditer(head)]
    if not found:
        return None
    m = min(found, key=lambda m: m.start(1))
    lead = _LEAD_VERB.match(m.group(1))
    cut = lead.end() if lead and len(m.group(1)) - lead.end() >= 4 else 0
    return m.group(1)[cut:], m.start(1) + cut


_LEAD_VERB = re.compile(r"(?:现将|关于|对|就|为)(?:上报|报送|呈报)?")  # (an official letter: 关于上报…的报告)
