"""What the dashboard says, as pure functions of the data (no Textual): status words, the level
meter, a turn's latency breakdown and its "why" view."""

from __future__ import annotations

from dataclasses import dataclass

from os1.events import Transcript, Turn

from ._plain import one_line

__all__ = ["Exchange", "STATES", "state_words", "level_bar", "latency_lines", "why_lines", "turn_meta"]

STATES = ("wake", "listening", "thinking", "speaking", "muted", "off", "starting")
"""Listening states the status line knows (``ListenState.state``, plus ``starting`` before the
voice side has reported)."""


@dataclass
class Exchange:
    """One turn as the dashboard keeps it: the turn, what was heard, and when audio began."""

    turn: Turn
    transcript: Transcript | None = None
    """The recogniser's final for a voice turn (alternatives, confidence, engine)."""
    first_audio_ms: float | None = None
    """Reply ready to first audio, measured by the dashboard when the turn carries none (ms)."""


def state_words(state: str, detail: str = "", wake_word: str = "Samantha",
                sentence: tuple[int, int] | None = None) -> str:
    """The status line's words for a listening *state*.

    *sentence* is ``(n, of)`` while speaking: "speaking · 2/4" (a one-sentence reply is just "speaking…").
    """
    detail = one_line(detail, 80)
    if state == "speaking" and sentence is not None and sentence[1] > 1:
        return f"speaking · {min(sentence[0], sentence[1])}/{sentence[1]}"
    words = {
        "wake": f"listening for “{wake_word}”",
        "listening": "listening…",
        "thinking": "thinking…",
        "speaking": "speaking…",
        "muted": "microphone muted",
        "starting": "starting the microphone…",
    }.get(state)
    if state == "off" and detail == "push to talk":  # the voice session's push-to-talk mode
        return "push to talk: press F2, then speak"
    if state == "off" or words is None:
        return f"text only: {detail or 'no microphone'}"
    return words


def level_bar(dbfs: float, width: int = 10, floor: float = -60.0) -> str:
    """A meter *width* cells wide for a level in dBFS (*floor* and below is empty, 0 is full)."""
    eighths = "▏▎▍▌▋▊▉█"
    fraction = min(1.0, max(0.0, (dbfs - floor) / -floor))
    total = round(fraction * width * 8)
    full, part = divmod(total, 8)
    bar = "█" * full + (eighths[part - 1] if part else "")
    return bar.ljust(width)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def turn_meta(ex: Exchange) -> str:
    """The short line under a reply: which skill answered, and how long it took."""
    turn = ex.turn
    who = f"{turn.skill}.{turn.intent}" if turn.skill and turn.intent else turn.skill or "not understood"
    if turn.utterance.source == "session":
        who = f"{turn.skill or 'greeting'} · opening"
    elif turn.utterance.source == "skill":
        who = f"{turn.skill} · unprompted"
    parts = [who]
    if turn.error is not None:
        parts.append(f"{turn.error.skill} failed ({turn.error.reason})")
    parts.append(_ms(turn.timings.total_ms))
    return " · ".join(parts)


def latency_lines(ex: Exchange) -> list[str]:
    """End of speech → transcript → intent → reply → first audio, one step a line."""
    t = ex.turn.timings
    voice = ex.turn.utterance.source == "voice"
    first_audio = t.first_audio_ms if t.first_audio_ms is not None else ex.first_audio_ms
    measured = " (measured by the dashboard)" if t.first_audio_ms is None and ex.first_audio_ms is not None else ""
    return [
        f"end of speech → transcript  {_ms(t.transcribe_ms) if voice else '— (typed)'}",
        f"transcript → intent         {_ms(t.normalize_ms + t.match_ms)}",
        f"intent → reply ready        {_ms(t.handle_ms)}",
        f"reply → first audio         {_ms(first_audio) + measured if first_audio is not None else '— (not spoken)'}",
        f"total, text in → reply      {_ms(t.total_ms)}",
    ]


def why_lines(ex: Exchange) -> list[str]:
    """What was heard, the alternatives, the intents considered and their scores, what failed."""
    turn = ex.turn
    source = {"voice": "spoken", "text": "typed", "session": "session start", "skill": "unprompted"}
    out = [f"heard: “{one_line(turn.utterance.text)}” ({source.get(turn.utterance.source, turn.utterance.source)})"]
    if ex.transcript is not None:
        tr = ex.transcript
        engine = f" by {one_line(tr.engine, 40)}" if tr.engine else ""
        out.append(f"recogniser confidence {tr.confidence:.2f}{engine}, {tr.audio_s:.1f} s of audio")
        for alt in tr.alternatives[:5]:
            out.append(f"  or: “{one_line(alt)}”")
    if turn.skill and turn.intent:
        out.append(f"understood as: {turn.skill}.{turn.intent} (match {turn.confidence:.2f})")
        for name, value in turn.slots.items():
            out.append(f"  {one_line(name, 40)} = {one_line(value, 120)}")
    elif turn.skill and turn.utterance.source in ("text", "voice"):
        out.append(f"answered {turn.skill}'s follow-up question")
    elif turn.utterance.source in ("text", "voice"):
        out.append("understood as: nothing (no template matched)")
    if turn.candidates:
        out.append("intents considered:")
        for c in turn.candidates[:8]:
            out.append(f"  {c.skill}.{c.intent}  {c.score:.2f}")
    if turn.question is not None:
        options = f" ({', '.join(one_line(o, 40) for o in turn.question.options)})" if turn.question.options else ""
        out.append(f"asked a follow-up ({turn.question.kind}){options}")
    if turn.error is not None:
        out.append(f"{turn.error.skill} failed ({turn.error.reason}): {one_line(turn.error.message)}")
    return out
