"""Intent templates: a small language for what a skill understands, and the matcher for it.

The public surface: :func:`parse` a template, :class:`TemplateIndex` for all of a skill set's
templates, :func:`expand` a template into sentences, and the slot types.
"""

from ._ast import Alt, Node, Seq, SlotRef, Word
from ._expand import expand
from ._index import TemplateIndex, TemplateSource, compile_template
from ._match import Compiled, Hit, match_compiled
from ._parse import TemplateError, parse
from .slots import (
    BUILTIN_TYPES,
    DateTimeSlot,
    DurationSlot,
    ListSlot,
    NumberSlot,
    SlotType,
    TextSlot,
)

__all__ = [
    "Alt", "Node", "Seq", "SlotRef", "Word", "expand", "TemplateIndex", "TemplateSource",
    "compile_template", "Compiled", "Hit", "match_compiled", "TemplateError", "parse",
    "BUILTIN_TYPES", "DateTimeSlot", "DurationSlot", "ListSlot", "NumberSlot", "SlotType",
    "TextSlot",
]
