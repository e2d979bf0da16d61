"""Create the gap tracker's periodic tasks (full scan, link check) once.

Schedules come from settings (FACTCHECK_GAP_FULL_SCAN_CRONTAB,
FACTCHECK_LINK_CHECK_CRONTAB). Rows that already exist are left alone, so a schedule
edited in the admin survives later migrations.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASKS = [
    (
        "Sourcing gaps: full scan",
        "annotations.scan_all_gaps",
        "FACTCHECK_GAP_FULL_SCAN_CRONTAB",
        "15 3 * * *",
    ),
    (
        "Sourcing gaps: link check",
        "annotations.check_links",
        "FACTCHECK_LINK_CHECK_CRONTAB",
        "45 */6 * * *",
    ),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, setting, default in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        minute, hour, day_of_month, month, day_of_week = (
            getattr(settings, setting, default) or default
        ).split()
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month,
            day_of_week=day_of_week,
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True)
    # Tell a running DatabaseScheduler that the schedule changed.
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_gap_scan_bookkeeping"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
