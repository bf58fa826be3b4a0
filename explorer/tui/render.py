"""What the explorer's panes and dialogs show, built from query results as ``Content``.

Untrusted text (document text, names, titles) only ever enters ``Content`` as plain strings passed
through :func:`explorer.safetext.same_length` (control characters as visible stand-ins, the same
length, so offsets hold); nothing here is parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from explorer.safetext import same_length, visible

if TYPE_CHECKING:  # pragma: no cover
    from explorer.store import queries
    from explorer.tui.data import MentionLayout

#: How the mention and its neighbours look; attributes as well as colour, so NO_COLOR keeps them.
MENTION_STYLE = "bold reverse"
COACTOR_STYLE = "underline"
NEIGHBOUR_STYLE = "dim"
#: The document view: the current actor's other mentions, and every other actor.
ACTOR_STYLE = "bold underline"
OTHER_ACTOR_STYLE = "underline"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------- actor


def actor_header(
    entity: queries.Entity,
    aliases: list[tuple[str, int]],
    layout: MentionLayout,
    width: int,
    total: int | None = None,
) -> Content:
    """Name, type and id; the counts (``of N`` when a filter hides some); the other spellings,
    as many as fit, ``+N more`` for the rest. Each line fits ``width``."""
    name = Content.styled(same_length(entity.name), "bold")
    facts = f" · {entity.type} · id {entity.id}"
    first = Content.assemble(name, facts).truncate(width, ellipsis=True)
    shown = layout.total_mentions
    documents = len(layout.documents)
    counts = plural(shown, "mention") + f" in {plural(documents, 'document')}"
    if total is not None and total != shown:
        counts = (
            f"{shown:,} of {plural(total, 'mention')} (filtered) in {plural(documents, 'document')}"
        )
    lines = [first, Content(counts).truncate(width, ellipsis=True)]
    others = [same_length(alias) for alias, _n in aliases if alias != entity.name]
    if others:
        lines.append(Content.styled(also_known_as(others, width), "dim"))
    return Content("\n").join(lines)


def also_known_as(others: list[str], width: int) -> str:
    """``aka A, B, C +4 more`` within ``width`` cells (at least the first, cut, when narrow)."""
    text = "aka "
    for index, alias in enumerate(others):
        rest = len(others) - index - 1
        candidate = text + ("" if index == 0 else ", ") + alias
        tail = f" +{rest} more" if rest else ""
        if len(candidate) + len(tail) > width and index > 0:
            return text + f" +{len(others) - index} more"
        text = candidate
    if len(text) > width:
        return text[: max(1, width - 1)] + "…"
    return text


def appears_with_prompt(entity: queries.Entity, sentences: int, width: int) -> Content:
    """``Name      TYPE   12``: the name cut to fit, the shared sentences right-aligned."""
    count = f"{sentences:,}".rjust(5)
    kind = f" {entity.type[:6]:<6}"
    name = Content(same_length(entity.name)).truncate(
        max(4, width - len(count) - len(kind)), ellipsis=True, pad=True
    )
    return Content.assemble(name, (kind, "dim"), count)


# ---------------------------------------------------------------------------------- context


def context_meta(context: queries.Context) -> Content:
    """The document's title, then its date, the ids a CLI user needs (``libya-explore context
    MENTION_ID``), where the sentence is, the source and the file: the line is cut at the pane's
    edge, so the ids come early enough to be seen at 80 columns."""
    document = context.document
    index = next(s.idx for s in context.sentences if s.id == context.mention.sentence_id)
    details = [d for d in (document.date,) if d]
    details.append(f"mention #{context.mention.id} · document #{document.id}")
    details.append(f"sentence {index + 1} of {document.n_sentences}")
    details += [d for d in (document.source, document.name) if d]
    return Content.assemble(
        (same_length(document.title), "bold"), "\n", (same_length(" · ".join(details)), "dim")
    )


def context_parts(context: queries.Context) -> tuple[Content, Content, Content, int]:
    """``(sentences before, the mention's sentence, sentences after, where the mention starts
    in its sentence)``: the mention marked, the other actors in its sentence underlined, the
    neighbours dim."""
    mention = context.mention
    before: list[Content] = []
    after: list[Content] = []
    sentence = Content("")
    for row in context.sentences:
        text = Content(same_length(row.text))
        if row.id == mention.sentence_id:
            for other in context.others:
                text = text.stylize(COACTOR_STYLE, other.start - row.start, other.end - row.start)
            sentence = text.stylize(
                MENTION_STYLE, mention.start - row.start, mention.end - row.start
            )
        else:
            (after if sentence.plain else before).append(text.stylize(NEIGHBOUR_STYLE))
    return (
        Content(" ").join(before),
        sentence,
        Content(" ").join(after),
        mention.start - mention.sentence_start,
    )


def coactor_prompt(other: queries.CoMention) -> Content:
    surface = f"  as “{same_length(other.text)}”" if other.text != other.name else ""
    return Content.assemble(
        "→ ", (same_length(other.name), "bold underline"), f"  {other.type}", (surface, "dim")
    )


def citation(context: queries.Context) -> str:
    """The mention's sentence with where it comes from, for the clipboard: plain text, control
    characters shown as escapes (``\\x1b``), never sent to a terminal raw."""
    document = context.document
    sentence = next(s for s in context.sentences if s.id == context.mention.sentence_id)
    source = [document.title, document.source, document.date]
    line = ", ".join(part for part in source if part)
    lines = [f"“{sentence.text}”", f"— {line}"]
    if document.url:
        lines.append(document.url)
    lines.append(f"(libya-explore mention #{context.mention.id}, document #{document.id})")
    return "\n".join(visible(text) for text in lines)


# ---------------------------------------------------------------------------------- document


def document_content(
    document: queries.DocumentText, entity_id: int | None, mention_id: int | None
) -> Content:
    """The whole text, every actor underlined, the current actor's mentions bold too, and the
    current mention marked as in the context pane. Line breaks stay (paragraphs); every other
    control character is shown as a stand-in, as everywhere."""
    text = Content("\n".join(same_length(line) for line in document.text.split("\n")))
    for mention in document.mentions:
        if mention.id == mention_id:
            style = MENTION_STYLE
        elif mention.entity_id == entity_id:
            style = ACTOR_STYLE
        else:
            style = OTHER_ACTOR_STYLE
        text = text.stylize(style, mention.start, mention.end)
    return text


def document_meta(document: queries.DocumentText, entity: queries.Entity | None) -> Content:
    info = document.document
    details = [d for d in (info.date, info.source, info.url) if d]
    details.append(f"document #{info.id} · {plural(len(document.mentions), 'actor mention')}")
    legend: list[str | tuple[str, str]] = []
    if entity is not None:
        legend = [
            "\n",
            (same_length(entity.name), ACTOR_STYLE),
            " ",
            ("this mention", MENTION_STYLE),
            " ",
            ("other actors", OTHER_ACTOR_STYLE),
        ]
    return Content.assemble(
        (same_length(info.title), "bold"),
        "\n",
        (same_length(" · ".join(details)), "dim"),
        *legend,
    )


# ---------------------------------------------------------------------------------- merging


def merge_preview(
    sources: list[tuple[queries.Entity, list[tuple[str, int]], list[queries.MentionRow]]],
    target: tuple[queries.Entity, list[tuple[str, int]], list[queries.MentionRow]],
) -> Content:
    """Both sides of a merge: each actor with its counts, spellings and a few sentences, and
    what the result will be."""
    lines: list[Content] = []
    for entity, aliases, mentions in sources:
        lines.extend(_actor_block(entity, aliases, mentions))
        lines.append(Content(""))
    lines.append(Content.styled("into", "bold"))
    target_entity, target_aliases, target_mentions = target
    lines.extend(_actor_block(target_entity, target_aliases, target_mentions))
    total = target_entity.mentions + sum(entity.mentions for entity, _, _ in sources)
    lines.append(Content(""))
    lines.append(
        Content.assemble(
            "Afterwards: ",
            (same_length(target_entity.name), "bold"),
            f" ({target_entity.type}) with {plural(total, 'mention')}. ",
            ("u or ctrl+z undoes it.", "dim"),
        )
    )
    return Content("\n").join(lines)


def _actor_block(
    entity: queries.Entity, aliases: list[tuple[str, int]], mentions: list[queries.MentionRow]
) -> list[Content]:
    block = [
        Content.assemble(
            (same_length(entity.name), "bold"),
            f" · {entity.type} · id {entity.id} · {plural(entity.mentions, 'mention')}"
            f" in {plural(entity.documents, 'document')}",
        )
    ]
    others = [same_length(alias) for alias, _n in aliases if alias != entity.name]
    if others:
        block.append(Content.styled("  " + also_known_as(others, 66), "dim"))
    for mention in mentions:
        start, end = mention.sentence_offsets
        sentence = mention.sentence_text
        part = sentence if len(sentence) <= 150 else sentence[: max(end, 140)] + "…"
        text = Content(same_length(part)).stylize(MENTION_STYLE, start, min(end, len(part)))
        block.append(Content.assemble("  “", text, "”"))
    return block


def line_of_offset(content: Content, width: int, offset: int) -> int:
    """The line that character ``offset`` of ``content`` falls on, wrapped at ``width`` cells
    (how a ``Static`` draws it)."""
    plain = content.plain
    position = 0
    for number, line in enumerate(content.wrap(max(1, width))):
        text = line.plain.strip()
        found = plain.find(text, position) if text else -1
        if found >= 0:
            position = found + len(text)
        if position > offset:
            return number
    return 0


# ---------------------------------------------------------------------------------- statements

#: How the reported words look inside their sentence in the Statements view.
STATEMENT_STYLE = "bold reverse"


def statement_prompt(row: queries.StatementRow) -> Content:
    """One statement in the Statements view: cue, kind and document, then its sentence with the
    reported words marked (a quotation that goes on past the sentence ends with an ellipsis)."""
    cue = row.cue or "(quotation goes on)"
    details = [cue, row.kind, row.document_title] + (
        [row.document_date] if row.document_date else []
    )
    sentence = Content(same_length(row.sentence_text)).stylize(
        STATEMENT_STYLE, *row.sentence_offsets
    )
    if row.end > row.sentence_start + len(row.sentence_text):
        sentence = sentence + Content(" …")
    return Content.assemble((same_length(" · ".join(details)), "dim"), "\n", sentence)


def statements_meta(entity: queries.Entity, shown: int, total: int, available: bool) -> Content:
    """The line above the statements: how many, or why there are none."""
    if not available:
        return Content(
            "This database was made before statements existed: "
            "`libya-explore ingest --reparse` finds them."
        )
    if total == 0:
        return Content.assemble(
            "No statements attributed to ", (same_length(entity.name), "bold"), " yet."
        )
    more = f" (the first {shown:,})" if shown < total else ""
    return Content.assemble(
        (same_length(entity.name), "bold"), f" · {plural(total, 'statement')}{more}"
    )
