"""The question sets `qawl eval` asks, read from their public files: XQuAD and AAQAD.

XQuAD (SQuAD 1.1 format) has the same 1,190 questions in Arabic and in English, both answered
from the Arabic paragraphs. AAQAD (SQuAD 2.0 format, `AAQAD-v1.0 (N).json`) has Arabic questions
only, some marked `is_impossible`: their paragraph does not answer them. AAQAD is split once and
for all by paragraph: a stable hash of the paragraph's text puts it, and every question on it,
in "dev" (tuned on) or "report" (reported); the same paragraph text always falls on the same side.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from index import analyze
from index.errors import QawlError

SPLITS = ("dev", "report")
DEV_SHARE = 70  # percent of AAQAD's paragraphs in the dev split
AAQAD_FILES = "AAQAD-v1.0 (*).json"


@dataclass(frozen=True)
class Question:
    """A question with its gold answers as written in the paragraph (none when it is unanswerable there)."""

    id: str
    language: str
    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    """An AAQAD paragraph with its questions: answerable ones with their answers' offsets into `context`."""

    context: str
    answerable: tuple[tuple[Question, tuple[int, ...]], ...]
    unanswerable: tuple[Question, ...]


def xquad(folder: Path) -> list[Question]:
    """The Arabic and the English questions, both with the Arabic gold answers."""
    arabic, english = (_dataset(folder / f"xquad.{language}.json") for language in ("ar", "en"))
    gold = {qa["id"]: tuple(a["text"] for a in qa["answers"])
            for article in arabic["data"] for p in article["paragraphs"] for qa in p["qas"]}
    out = []
    for language, data in (("ar", arabic), ("en", english)):
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    out.append(Question(qa["id"], language, qa["question"], gold[qa["id"]]))
    return out


def _dataset(path: Path) -> dict:
    """A SQuAD-format file, or a QawlError saying it is missing or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise QawlError(f"cannot read {path}: {error.strerror}") from error
    except ValueError as error:
        raise QawlError(f"{path} is not a SQuAD-format JSON file ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise QawlError(f'{path} is not a SQuAD-format JSON file (no "data" list)')
    return data


def split_of(context: str) -> str:
    """The split a paragraph belongs to, by a hash of its text: the same on every machine and run."""
    bucket = int.from_bytes(hashlib.sha1(context.encode("utf-8")).digest()[:4], "big") % 100
    return "dev" if bucket < DEV_SHARE else "report"


def aaqad_files(folder: Path) -> list[Path]:
    """AAQAD's parts in a folder, in the order of their numbers; none is a clear error."""
    files = sorted(folder.glob(AAQAD_FILES), key=lambda p: int(p.stem.rsplit("(", 1)[1].rstrip(")")))
    if not files:
        raise QawlError(f"no AAQAD files ({AAQAD_FILES}) in {folder}")
    return files


def aaqad(folder: Path, split: str | None = None) -> list[Paragraph]:
    """AAQAD's paragraphs that have text, of one split (or all), each with its questions."""
    out = []
    for path in aaqad_files(folder):
        for entry in _dataset(path)["data"]:
            for paragraph in entry["paragraphs"]:
                context = paragraph["context"]
                if not analyze.letter_count(context) or (split and split_of(context) != split):
                    continue
                answerable, unanswerable = [], []
                for qa in paragraph["qas"]:
                    answers = [] if qa.get("is_impossible") else qa["answers"]
                    question = Question(f"{path.stem}#{qa['id']}", "ar", qa["question"],
                                        tuple(a["text"] for a in answers))
                    if answers:
                        answerable.append((question, tuple(a["answer_start"] for a in answers)))
                    else:
                        unanswerable.append(question)
                out.append(Paragraph(context, tuple(answerable), tuple(unanswerable)))
    return out


def evenly(items: list, count: int | None) -> list:
    """`count` items spread evenly over the list, in order (all of them without a count)."""
    if not count or count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]
