"""JSON-schema errors turned into translated problems naming the question and field."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from mscd_desktop.core.quiz.packs import PackProblem
from mscd_desktop.i18n import _


def _type_name(kind: str | list[str]) -> str:
    names = {
        "string": _("a text"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
        "array": _("a list"),
        "object": _("an object"),
    }
    kinds = [kind] if isinstance(kind, str) else kind
    return ", ".join(names.get(k, k) for k in kinds)


def _field(path: Sequence[Any]) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _message(error: SchemaError) -> tuple[str | None, str]:
    """(extra field name or None, translated message) for one schema error."""
    kind = error.validator
    # JSON whose shape depends on the keyword *kind* (jsonschema types them as "maybe unset")
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "required":
        missing = [name for name in value if name not in instance]
        return (missing[0] if missing else None), _("This field is required.")
    if kind == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = sorted(set(instance) - known)
        return (extra[0] if extra else None), _("Unknown field (a typo?).")
    if kind == "type":
        return None, _("Should be {kind}, not {value}.").format(
            kind=_type_name(value), value=json_repr(instance)
        )
    if kind in ("anyOf", "oneOf") and error.context:
        kinds: list[Any] = [sub.validator_value for sub in error.context]
        names = [_type_name(k) for k in kinds]
        joined = _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])
        return None, _("Should be {kind}, not {value}.").format(
            kind=joined, value=json_repr(instance)
        )
    if kind in ("enum", "const"):
        options = value if kind == "enum" else [value]
        return None, _("{value} is not allowed here; use one of: {options}.").format(
            value=json_repr(instance), options=", ".join(json_repr(o) for o in options)
        )
    if kind == "pattern":
        if value.startswith("^[a-z]{2}"):
            return None, _(
                "{value} is not a two-letter language code such as en, es or sv."
            ).format(value=json_repr(instance))
        return None, _(
            "{value} is not a valid id: use lower-case letters, digits, - and _."
        ).format(value=json_repr(instance))
    if kind == "minItems":
        return None, _("Needs at least {n} entries.").format(n=value)
    if kind == "maxItems":
        return None, _("Has more than {n} entries.").format(n=value)
    if kind == "uniqueItems":
        return None, _("Lists the same entry twice.")
    if kind in ("minimum", "exclusiveMinimum"):
        return None, _("Should be more than {n}.").format(n=value) if kind.startswith(
            "exclusive"
        ) else _("Should be at least {n}.").format(n=value)
    if kind in ("minLength", "minProperties"):
        return None, _("Should not be empty.")
    if kind == "not":
        return None, _(
            "A live-meter question has no fixed answer: it is judged against "
            "the live reading. Remove the answer field."
        )
    return None, error.message


def json_repr(value: Any) -> str:
    """A short JSON rendering of *value* for messages."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _leaves(error: SchemaError) -> Iterator[SchemaError]:
    """The errors worth showing: for anyOf, the branch whose type matched."""
    if not error.context:
        yield error
        return
    wrong_type = [sub for sub in error.context if sub.validator == "type" and not sub.path]
    if len(wrong_type) == len(error.context):
        yield error  # no type fits: one message naming them all
        return
    skipped = {id(sub) for sub in wrong_type}
    for sub in error.context:
        if id(sub) not in skipped:
            yield from _leaves(sub)


def schema_problems(
    data: Any,
    schema: Mapping[str, Any],
    file: str,
) -> Iterator[tuple[PackProblem, int | None]]:
    """Problems against *schema*, each with the index of its question (None: the pack's own).

    ``answer`` problems with a "not" rule are reported as such; the field is the JSON
    path below the question (``choices[1].text``).
    """
    validator = Draft202012Validator(schema)
    questions = data.get("questions") if isinstance(data, dict) else None
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        for leaf in _leaves(error):
            path = list(leaf.absolute_path)
            extra, message = _message(leaf)
            if extra:
                path.append(extra)
            if leaf.validator == "not":
                path.append("answer")
            index, qid, field = locate(path, questions)
            yield PackProblem(file, qid, field, message), index


def locate(path: Sequence[Any], questions: Any) -> tuple[int | None, str | None, str | None]:
    """Where a JSON *path* points: the question's index and id (None for the pack's own
    fields; ``#3`` when the question has no usable id) and the field below it."""
    path = list(path)
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        index = path[1]
        question = questions[index] if isinstance(questions, list) else None
        qid = question.get("id") if isinstance(question, dict) else None
        qid = qid if isinstance(qid, str) else f"#{index + 1}"
        return index, qid, _field(path[2:])
    return None, None, _field(path)
