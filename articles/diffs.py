"""Two texts compared line by line, for the import preview, revision comparison and review screens."""

import difflib


def text_diff(old: str, new: str) -> list[dict]:
    """Line by line: each line of either text, marked added, removed or unchanged."""
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("?"):
            continue
        lines.append({"change": {"+": "added", "-": "removed"}.get(line[0], ""), "text": line[2:]})
    return lines
