"""Renderers: a Form as text the way real extraction produces it, one module per layout family.

    render(synth_form)                    # its own family and style
    render(form, "pipe_cells")            # any Form in any family (default style)
    render_file([s1, s2], "tabbed")       # several forms in one file, as real pages hold them
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

from nlp_audit.model import Form

from ..style import FAMILIES, Style, default_style

Renderer = Callable[[Form, Style], str]


def _module(family: str):
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family!r}; choose from {', '.join(FAMILIES)}")
    return import_module(f"{__name__}.{family}")


def render(obj, family: str | None = None, traditional: bool | None = None) -> str:
    """Text of one form. ``obj`` is a SynthForm (its style is used) or a bare Form."""
    form, style, trad = _unpack(obj, family)
    if traditional is not None:
        trad = traditional
    text = _module(style.family).render(form, style)
    if trad:
        from ..traditional import to_traditional

        text = to_traditional(text)
    return text


def render_file(objs: Sequence, family: str | None = None, traditional: bool | None = None) -> str:
    """Several forms in one text, joined the way their family separates forms."""
    if not objs:
        return ""
    fam = family or _unpack(objs[0], None)[1].family
    sep = _module(fam).SEPARATOR
    return sep.join(render(o, fam, traditional) for o in objs)


def _unpack(obj, family: str | None) -> tuple[Form, Style, bool]:
    if isinstance(obj, Form):
        fam = family or obj.layout or "tabbed"
        return obj, default_style(fam), False
    style = obj.style
    if family and family != style.family:
        style = default_style(family)
    return obj.form, style, obj.traditional


__all__ = ["render", "render_file", "FAMILIES"]
