"""An import run (one uploaded file, from upload to result) and saved column mappings.

A refused file (a limit, the privacy guard) never becomes an ImportRun: nothing of it is stored. An accepted
file's bytes, headers and sample row are kept only until the run ends (imported, failed, discarded, or
expired by ``manage.py purge_imports`` after ``IMPORT_ABANDON_AFTER``); the report holds row, column and
reason, never a cell's value. A run is visible to its uploader and the organisation's administrator only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations.models import Organisation


class ImportKind(models.TextChoices):
    CASES = "casussen", _("cases and assignments")
    PEOPLE = "mensen", _("people and contract hours")


class ImportStatus(models.TextChoices):
    UPLOADED = "geupload", _("uploaded, columns to confirm")
    CHECKING = "controleren", _("being checked")
    CHECKED = "gecontroleerd", _("checked, ready to import")
    IMPORTING = "importeren", _("being imported")
    DONE = "klaar", _("imported")
    FAILED = "mislukt", _("failed, nothing imported")
    DISCARDED = "verworpen", _("discarded")
    EXPIRED = "verlopen", _("expired: not finished in time, file removed")


class ImportRun(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_runs", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("file format"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    headers = models.JSONField(_("column headers"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    options = models.JSONField(_("options"), default=dict)
    content = models.BinaryField(_("file content"), null=True, blank=True, editable=False)
    total = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    invalid = models.PositiveIntegerField(_("rows with a problem"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    closed_count = models.PositiveIntegerField(_("closed by the import"), default=0)
    report = models.JSONField(_("problems per row"), default=list)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def status_text(self) -> str:
        """The status as shown: "checked, ready to import" only when it is (no row with a problem)."""
        if self.status == ImportStatus.CHECKED and self.invalid:
            return ngettext(
                "checked: %(n)s row with a problem, not ready to import",
                "checked: %(n)s rows with a problem, not ready to import",
                self.invalid,
            ) % {"n": self.invalid}
        return str(self.get_status_display())


class SavedMapping(models.Model):
    """A named column mapping (file header → field), reused for the next file of the same system."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_mappings", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(_("column mapping"), default=dict)
    values = models.JSONField(
        _("value mapping"), default=dict, blank=True, help_text=_("Per field: a value in the file → what it means.")
    )
    end_date_rule = models.CharField(_("end-date rule"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "name"], name="import_mapping_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
