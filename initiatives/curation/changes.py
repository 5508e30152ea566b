"""What every change of an editor does: check the permission, lock the rows it reads, leave a record."""

from django.core.exceptions import PermissionDenied

from initiatives.models import ChangeRecord, Initiative, Paragraph
from initiatives.revisions import revision_bump


def editor_require(user, *permissions: str) -> None:
    if user is None or not user.has_perms([f"initiatives.{p}" for p in permissions]):
        raise PermissionDenied


def change_record(*, user, paragraph: Paragraph, action: str, **values) -> ChangeRecord:
    revision_bump()
    return ChangeRecord.objects.create(
        user=user, username=user.get_username(), paragraph=paragraph, action=action, **values
    )


def initiative_for_update(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("paragraph").get(pk=initiative.pk)
