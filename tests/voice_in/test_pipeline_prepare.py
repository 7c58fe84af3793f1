"""``Pipeline.prepare``: the command grammars are built before the microphone opens, whatever the
dialogue state — at the first run the session starts with OS¹ asking your name (a free answer,
no grammar to build), and the commands grammar would otherwise be compiled at the first
“Samantha”, holding the microphone and the dashboard for 0.6–1.5 s."""

from __future__ import annotations

from os1.voice.pipeline import Pipeline

from ._skills import TimerSkill


class Handed:
    """The real PocketSphinx recogniser, noting each grammar it is handed (a spy, not a stand-in)."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self._real = real
        self.grammars: list = []

    def set_grammar(self, grammar) -> None:  # type: ignore[no-untyped-def]
        self.grammars.append(grammar)
        self._real.set_grammar(grammar)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._real, name)


def test_prepare_builds_both_command_grammars_while_the_name_question_is_pending(make_assistant, sphinx):
    assistant = make_assistant(TimerSkill)
    opening = assistant.start_session()
    assert opening is not None and opening.question is not None, "the first run asks your name"
    spy = Handed(sphinx)
    pipeline = Pipeline(assistant, spy, wake=True)
    assert pipeline.grammar().is_open  # the name is a free answer: nothing to compile for it

    pipeline.prepare()

    assert [g.wake for g in spy.grammars] == ["samantha", ""]
    assert not any(g.is_open for g in spy.grammars)
    assert all("set a timer for" in " ".join(g.complete) for g in spy.grammars)
    assert spy.grammars[1].optional_wake == "samantha"
    # answered, the same grammars are the ones used: nothing is built again
    assistant.handle("theodore")
    pipeline.state = "listening"
    assert pipeline.grammar() is spy.grammars[1]
