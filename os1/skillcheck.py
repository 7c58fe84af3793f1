"""Self-check of a skill set: every template's sentences should route home, and no two skills
should claim the same sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .templates import expand
from .textnorm import tokens

if TYPE_CHECKING:
    from .assistant import Assistant

__all__ = ["CheckReport", "check_assistant"]


@dataclass
class CheckReport:
    """What ``os1 skills check`` found."""

    sentences: int = 0
    misrouted: list[tuple[str, str, str]] = field(default_factory=list)
    """(sentence, expected skill.intent, what it matched instead)."""
    collisions: list[tuple[str, str, str]] = field(default_factory=list)
    """(sentence, skill.intent, another skill's skill.intent that matches it equally well)."""
    by_context: int = 0
    """Sentences two skills share where one side is contextual: the conversation decides."""

    @property
    def ok(self) -> bool:
        return not self.misrouted and not self.collisions

    def text(self) -> str:
        lines = [f"checked {self.sentences} sentences: {len(self.misrouted)} misrouted, "
                 f"{len(self.collisions)} collisions between skills"
                 + (f" ({self.by_context} more shared by follow-up intents, decided by the conversation)"
                    if self.by_context else "")]
        lines += [f"  misrouted: “{s}” should be {want}, matched {got}" for s, want, got in self.misrouted]
        lines += [f"  collision: “{s}” is {a} and also {b}" for s, a, b in self.collisions]
        return "\n".join(lines)


def check_assistant(assistant: Assistant, samples_per_template: int = 50) -> CheckReport:
    """Expand every template (slots filled with their samples) and match each sentence."""
    report = CheckReport()
    index = assistant.index
    for template in index.templates:
        want = template.key
        for sentence in expand(template.node, lambda ref, t=template: t.types[ref.kind].samples()[:3],
                               limit=samples_per_template):
            report.sentences += 1
            hits = index.hits(tokens(sentence))
            if not hits:
                report.misrouted.append((sentence, ".".join(want), "nothing"))
                continue
            best = hits[0].score
            tied = [h.compiled.key for h in hits if h.score >= best]
            if want not in tied:
                report.misrouted.append((sentence, ".".join(want), ".".join(hits[0].compiled.key)))
                continue
            others = [k for k in tied if k[0] != want[0]]
            contextual = assistant.contextual
            if others and (want in contextual or all(k in contextual for k in others)):
                report.by_context += 1
            elif others:
                report.collisions.append((sentence, ".".join(want), ".".join(others[0])))
            elif hits[0].compiled.key != want:
                report.misrouted.append((sentence, ".".join(want), ".".join(hits[0].compiled.key)))
    return report
