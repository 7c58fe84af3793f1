"""Recogniser grammars from the skills' templates, narrowed by the dialogue state.

Pure functions of their inputs: the compiled templates (``assistant.index.templates``), the
pending question, and the wake word. A :class:`Grammar` carries both forms the engines need — a
phrase list for Vosk (``[unk]`` stands for anything else) and a JSGF grammar for PocketSphinx —
plus what the pipeline needs to read results: the complete phrases (to end an utterance as soon as
a command is complete) and the start of every template with a free-text slot (those are filled
from the open-vocabulary pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from os1.dialogue import ANSWER_PHRASES
from os1.events import Question
from os1.numbers import say_number
from os1.templates import Compiled, ListSlot, SlotRef, TextSlot, expand
from os1.textnorm import FILLERS, tokens

__all__ = ["Grammar", "commands_grammar", "question_grammar", "grammar_for", "hollow", "HOLLOW_WORDS",
           "NUMBER_WORDS", "UNK"]

UNK = "[unk]"
NUMBER_WORDS = tuple(say_number(n) for n in range(0, 101))
"""How number slots are spoken: zero .. one hundred."""
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
PER_TEMPLATE = 400
"""Most sentences one template may add to a phrase list (big lists multiply)."""


@dataclass(frozen=True)
class Grammar:
    """What the recogniser may hear in one dialogue state."""

    name: str
    """``commands``, ``confirm``, ``choice`` or ``free`` (open vocabulary)."""
    phrases: tuple[str, ...] = ()
    """Vosk phrase list (with ``[unk]``); empty for open vocabulary."""
    jsgf: str = ""
    """PocketSphinx grammar; empty for open vocabulary."""
    complete: frozenset[str] = field(default_factory=frozenset)
    """Every full sentence without a free-text slot (the end of speech comes sooner for these)."""
    open_prefixes: tuple[str, ...] = ()
    """Starts of templates whose rest is free text ("remember that"); filled by the open pass."""
    wake: str = ""
    """A word that must start the utterance (waiting for the wake word), or empty."""
    optional_wake: str = ""
    """A word that may start the utterance and is then dropped (the wake word said while OS¹ is
    already listening, e.g. to interrupt it); alone, it asks for nothing."""

    @property
    def is_open(self) -> bool:
        return not self.phrases and not self.jsgf

    def open_prefix(self, text: str) -> str | None:
        """The free-text template start that *text* begins with, if any (None for a complete
        sentence: "what is your name" is that command, not "what is {title} about")."""
        said = strip_wake(text, self.wake or self.optional_wake)
        if said in self.complete:
            return None
        words = said.split()
        for prefix in self.open_prefixes:
            p = prefix.split()
            if words[: len(p)] == p:
                return prefix
        return None


HOLLOW_WORDS = FILLERS | frozenset(
    """a an the and or but so then now yeah yes no right of to in on at for with from by as about into
    is are was were be been am do does did that this these those there here if not um mm mhm hm huh eh""".split())
"""Words that alone do not fill a free-text slot: "who is and so", "film of the". Pronouns are not
among them: "who directed it" asks about the film being talked about, and "Her" is a film."""


def hollow(words: Sequence[str]) -> bool:
    """Whether *words* (free text as heard) are only fillers and function words, or nothing."""
    return all(w in HOLLOW_WORDS for w in words)


def strip_wake(text: str, wake: str) -> str:
    words = text.split()
    if wake and words[:1] == [wake]:
        words = words[1:]
    return " ".join(words)


def _fillers(ref: SlotRef, types: dict, full: bool) -> Sequence[str]:  # type: ignore[type-arg]
    slot = types[ref.kind]
    if isinstance(slot, TextSlot):
        return (UNK,)
    if ref.kind == "number":
        return NUMBER_WORDS if full else ("five", "twenty")
    if isinstance(slot, ListSlot):
        return tuple(slot.samples())
    return tuple(" ".join(tokens(s)) for s in slot.samples())


def _jsgf(body: Sequence[str], wake: str, known: Callable[[str], bool], optional_wake: str = "") -> str:
    head = "#JSGF V1.0;\ngrammar os1;\n"
    cmd = " | ".join(body) if body else "<VOID>"
    if wake and known(wake):
        top = f"public <utt> = {wake} [<cmd>];\n"
    elif optional_wake and known(optional_wake):
        top = f"public <utt> = {optional_wake} [<cmd>] | <cmd>;\n"
    else:
        top = "public <utt> = <cmd>;\n"
    return head + top + f"<cmd> = {cmd};\n"


def _trie_jsgf(sentences: Iterable[str]) -> str:
    """One JSGF expansion for *sentences* with shared beginnings merged into a tree.

    PocketSphinx turns each JSGF alternative into its own branch of the search graph; with a
    tree, "what is the time" and "what is your name" share "what is", which keeps a grammar of a few
    thousand sentences fast to decode.
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    end = ""
    for sentence in sentences:
        node = root
        for word in sentence.split():
            node = node.setdefault(word, {})
        node[end] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [w + (" " + emit(child) if child and set(child) != {end} else "")
                    for w, child in sorted(node.items()) if w != end]
        body = branches[0] if len(branches) == 1 else "(" + " | ".join(branches) + ")"
        return f"[{body}]" if end in node else body

    return emit(root) if root else "<VOID>"


def commands_grammar(templates: Iterable[Compiled], wake: str = "",
                     known: Callable[[str], bool] = lambda w: True, optional_wake: str = "") -> Grammar:
    """Everything the skills understand, optionally behind the wake word.

    Args:
        templates: compiled templates (``assistant.index.templates``).
        wake: the wake word that must start the utterance, or "" when already listening.
        optional_wake: when already listening, the wake word, which may still start the utterance.
        known: whether the engine can say a word (PocketSphinx: in its dictionary); templates
            with other words are left out of the JSGF grammar.
    """
    phrases: dict[str, None] = {}
    complete: set[str] = set()
    prefixes: dict[str, None] = {}
    body: list[str] = []
    for t in templates:
        said = expand(t.node, lambda ref, t=t: _fillers(ref, t.types, full=True), limit=PER_TEMPLATE)
        for s in said:
            phrases[s] = None
            if UNK in s.split():
                prefixes[s.split(UNK)[0].strip()] = None
            else:
                complete.add(s)
    # the grammar pass hears the start of a free-text template; the open pass hears the rest
    said = [p for p in [*complete, *prefixes] if p and all(known(w) for w in p.split())]
    body.append(_trie_jsgf(said))
    vosk = list(phrases)
    lead = wake or optional_wake
    if lead:
        vosk = [lead] + [f"{lead} {p}" for p in vosk] + ([] if wake else vosk)
    return Grammar("commands", tuple(vosk + [UNK]), _jsgf(body, wake, known, "" if wake else optional_wake),
                   frozenset(complete), tuple(sorted((p for p in prefixes if p), key=len, reverse=True)), wake,
                   "" if wake else optional_wake)


def question_grammar(q: Question, known: Callable[[str], bool] = lambda w: True) -> Grammar:
    """Only the answers a pending question expects (plus the ways out)."""
    if q.kind == "free":
        return Grammar("free")
    answers: list[str] = list(ANSWER_PHRASES) if q.kind == "confirm" else []
    if q.kind == "choice":
        for i, option in enumerate(q.options):
            answers.append(" ".join(tokens(option)))
            answers.append(say_number(i + 1))
            if i < len(_ORDINALS):
                answers += [_ORDINALS[i], f"the {_ORDINALS[i]} one"]
        answers += ["the last one", "cancel", "never mind", "stop"]
    answers = list(dict.fromkeys(a for a in answers if a))
    said = [a for a in answers if all(known(w) for w in a.split())]
    jsgf = _jsgf([_trie_jsgf(said)] if said else [], "", known)
    return Grammar(q.kind, tuple(answers + [UNK]), jsgf, frozenset(answers))


def grammar_for(templates: Iterable[Compiled], question: Question | None, wake: str = "",
                known: Callable[[str], bool] = lambda w: True, optional_wake: str = "") -> Grammar:
    """The grammar for the dialogue state: the question's answers while one is pending."""
    if question is not None:
        return question_grammar(question, known)
    return commands_grammar(templates, wake, known, optional_wake)
