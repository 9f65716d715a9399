"""Recognising a question about what one person said: "what did al-Mismari say about Turkey?",
"ماذا قال المسماري عن تركيا؟" — a speaker's profile, about a topic when one is named."""
from __future__ import annotations

import re
from dataclasses import dataclass

_END = r"[\s?؟.!]*$"
_ENGLISH = re.compile(r"^\s*what\s+(?:did|does|has|have)\s+(?P<name>.+?)\s+(?:say|said|tell|told|claim|claimed)"
                      rf"(?:\s+(?:about|on|of|regarding)\s+(?P<topic>.+?))?{_END}", re.IGNORECASE | re.DOTALL)
_ARABIC = re.compile(r"^\s*و?(?:ماذا|ما\s+الذي|ما\s+ذا|بماذا)\s+(?:قال|قالت|قاله|قالته|يقول|تقول|صرح|صرّح|صرحت)"
                     r"\s+(?P<name>.+?)(?:\s+(?:عن|حول|بشأن|بخصوص)\s+(?P<topic>.+?))?" + _END, re.DOTALL)


@dataclass(frozen=True)
class SaidQuestion:
    """Whose statements are asked for, and about what ("" for all of them)."""

    name: str
    topic: str = ""


def said_question(question: str) -> SaidQuestion | None:
    """The person and topic a question asks about, or None when it asks something else."""
    for pattern in (_ENGLISH, _ARABIC):
        match = pattern.match(question)
        if match:
            return SaidQuestion(match.group("name").strip(), (match.group("topic") or "").strip())
    return None
