"""``python -m leakwarden.checks``: print the table of checks that docs/checks.md embeds."""

from leakwarden.checks.catalog import render_markdown_table

print(render_markdown_table())
