"""Editors' write path: correcting, splitting, merging, adding and retiring initiatives, with an audit trail.

Every function here checks the editor's permission, writes in one transaction and
leaves one ``ChangeRecord`` per changed field (or per split, merge, addition or
deactivation), so a record's history page can say who changed what, when, from
what to what. What an editor sets is locked against re-extraction: an edited
field joins ``Initiative.locked_fields``, an edited kind sets
``Paragraph.kind_locked``, and any touched initiative becomes ``reviewed``.

Re-extraction matches initiatives to the extractor's drafts by their order in the
paragraph and rewrites a matched initiative's span. So a split or a merge never
reshapes the machine's initiatives in place: it retires them (inactive, reviewed,
so re-extraction keeps them inactive and absorbs its drafts into them) and creates
new initiatives with every field locked, numbered from ``EDITOR_ORDER_BASE`` so that
no draft of a future extractor can take their place.
"""

from .edits import amount_update, initiative_update, paragraph_kind_set
from .reshaping import (
    EDITOR_ORDER_BASE,
    initiative_add,
    initiative_deactivate,
    initiative_split,
    initiatives_merge,
)
from .values import AMOUNT_EDITABLE, EDITABLE, lock_name, snapshot

__all__ = [
    "AMOUNT_EDITABLE",
    "EDITABLE",
    "EDITOR_ORDER_BASE",
    "amount_update",
    "initiative_add",
    "initiative_deactivate",
    "initiative_split",
    "initiative_update",
    "initiatives_merge",
    "lock_name",
    "paragraph_kind_set",
    "snapshot",
]
