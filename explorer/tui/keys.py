"""The explorer's keys for people: the help screen, pane by pane, and the command palette.

Written by hand (not generated from bindings) so each line says what a key does in words; a test
checks that every binding of the app and its panes appears here. A new screen or pane adds its
keys as a section of :data:`HELP_SECTIONS` and its actions to :data:`PALETTE_COMMANDS`.
"""

from __future__ import annotations

#: ``(section, [(keys, what they do)])``: one line per key (or per pair of opposite keys).
HELP_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("/", "Search actors (the query is selected: typing starts a new one)"),
            ("tab  shift+tab", "Next / previous pane"),
            ("t  ctrl+t", "Show one type only: all, PERSON, ORG, GPE… (ctrl+t in text boxes too)"),
            ("backspace  b", "Back to where you were before the last jump"),
            ("m", "Merge the actor (or the marked actors) into another; asks first"),
            ("a", "Split one spelling off the actor into a new actor"),
            ("r", "Rename the actor"),
            ("y", "Set the actor's type"),
            ("S", "What the actor said: their statements, each in its sentence"),
            ("u  ctrl+z", "Undo the last merge, split, rename or type change"),
            ("ctrl+e", "Export the actor's mentions to a CSV or JSON file (asks its name)"),
            ("R", "Review queue: least certain decisions (shift+r)"),
            ("d", "Light or dark theme"),
            ("?  f1", "This help"),
            ("ctrl+p", "Find any action by name"),
            ("q  ctrl+q", "Quit, from dialogs too (q types a letter in text boxes)"),
        ],
    ),
    (
        "Search box",
        [
            ("type", "Fuzzy search over every name and spelling"),
            ("↓  enter  escape", "Go to the results"),
        ],
    ),
    (
        "Actors",
        [
            ("↑ ↓  j k", "Move (the mentions follow)"),
            ("pgup pgdn  home end", "Move by a page / to the first or last actor"),
            ("enter", "Go to the actor's mentions"),
            ("space", "Mark or unmark the actor (then m merges all the marked ones)"),
            ("escape", "Unmark all"),
            ("s", "Sort: best match, mentions, documents, name, type (or click the header)"),
            ("≈name", "The spelling your search matched, when it is not the actor's name"),
        ],
    ),
    (
        "Appears with",
        [
            ("↑ ↓  j k", "Move: actors named in the same sentences, most shared first"),
            ("enter", "Go to that actor, on the first sentence they share"),
        ],
    ),
    (
        "Mentions",
        [
            ("↑ ↓  j k", "Move (the context follows)"),
            ("pgup pgdn  home end", "Move by a page / to the first or last mention"),
            ("enter", "Read the mention: focus its context"),
            ("f", "Filter by words of the sentence, doc:ID or doc:WORD, from:DATE, to:DATE"),
            ("o", "Only this document (again: all documents)"),
            ("v", "Read the whole document, every actor underlined"),
            ("c", "Copy the sentence with its title, date, source and link"),
            ("s", "Documents in corpus order or most mentions first"),
        ],
    ),
    (
        "Filter box",
        [
            ("enter  ↓", "Back to the mentions, the filter kept"),
            ("escape", "Clear the filter"),
        ],
    ),
    (
        "Context",
        [
            ("+ =  -", "More (+ or =) / fewer (-) sentences around the mention"),
            ("↑ ↓", "Scroll"),
            ("c", "Copy the sentence with its citation"),
            ("v", "Read the whole document"),
            ("enter", "On an actor below the text: go to them, on this sentence"),
            ("escape", "Back to the mentions"),
        ],
    ),
    (
        "Document",
        [
            ("↑ ↓  pgup pgdn", "Scroll"),
            ("n  p", "Next / previous mention of the actor"),
            ("escape  v", "Close"),
        ],
    ),
    (
        "Review",
        [
            ("↑ ↓", "Move: least certain decisions first, their sentences below"),
            ("a", "Accept: reviewed and kept, the item leaves the queue"),
            ("s", "Split an alias, a form or a group of stories off as its own actor"),
            ("m", "Merge a same-name item's actors, or give a surname to another bearer"),
            ("y", "Set the actor's type (settles a type vote)"),
            ("u", "Undo the last decision"),
            ("enter", "Open the item's actor in the explorer"),
            ("escape", "Back to the explorer"),
        ],
    ),
    (
        "Statements",
        [
            ("↑ ↓", "Move: the reported words marked in their sentence, with cue and kind"),
            ("enter", "Read the statement in its document"),
            ("escape  S", "Close"),
        ],
    ),
    (
        "Dialogs",
        [
            ("enter", "Choose / confirm (a merge: also y; an export: write the file)"),
            ("escape", "Cancel (a merge: also n)"),
        ],
    ),
]

#: The app's actions in the command palette: ``(title, help, action)``. Nothing else is listed.
PALETTE_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search actors", "Focus the search box (/)", "focus_search"),
    ("Filter by type", "Show one actor type only (t)", "cycle_type"),
    (
        "Sort actors",
        "Best match, mentions, documents, name or type (s in the actors)",
        "sort_actors",
    ),
    ("Back", "Return to where you were before the last jump (backspace)", "back"),
    ("Filter mentions", "By sentence words, document or date (f)", "filter_mentions"),
    ("Only this document", "Mentions in the current document only (o)", "only_this_document"),
    ("More context", "Show more sentences around the mention (+)", "wider"),
    ("Less context", "Show fewer sentences around the mention (-)", "narrower"),
    ("Read the document", "The whole article, every actor underlined (v)", "view_document"),
    ("Statements", "What the actor said, each statement in its sentence (S)", "statements"),
    ("Copy the sentence", "With its title, date, source and link (c)", "copy_mention"),
    ("Merge actors", "The actor or the marked actors into another, after a preview (m)", "merge"),
    ("Split a spelling off", "One alias of the actor becomes a new actor (a)", "split_alias"),
    ("Rename actor", "Give the actor another name (r)", "rename"),
    ("Set actor type", "PERSON, ORG, GPE… (y)", "set_type"),
    ("Undo", "Revert the last merge, split, rename or type change (u, ctrl+z)", "undo"),
    ("Export mentions", "The actor's mentions to a CSV or JSON file (ctrl+e)", "export_mentions"),
    ("Review queue", "The resolver's least certain decisions, with evidence (R)", "open_review"),
    ("Light/dark theme", "Switch between the light and dark theme (d)", "toggle_dark"),
    ("Help", "Every key, pane by pane (?)", "help"),
    ("Quit", "Leave the explorer (q, ctrl+q)", "quit"),
)


#: How the help writes a binding's key (Textual's names on the left).
KEY_LABELS: dict[str, str] = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "up": "↑",
    "down": "↓",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


def key_label(key: str) -> str:
    """A binding's key as the help writes it (``question_mark`` → ``?``, ``ctrl+z`` as is)."""
    return KEY_LABELS.get(key, key)
