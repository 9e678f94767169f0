"""What waits in the task queue (django-tasks-db's table), read here only: the apps ask
about their own tasks through these."""

from __future__ import annotations

from django.tasks import TaskResultStatus


def pending_args(task, *, running: bool = True) -> list[list]:
    """The arguments of each run of ``task`` that waits in the queue (and, with
    ``running``, of each that runs now)."""
    from django_tasks_db.models import DBTaskResult

    statuses = [TaskResultStatus.READY] + ([TaskResultStatus.RUNNING] if running else [])
    runs = DBTaskResult.objects.filter(task_path=task.module_path, status__in=statuses)
    return [row.get("args") or [] for row in runs.values_list("args_kwargs", flat=True)]


def is_queued(task) -> bool:
    """Whether a run of ``task`` waits in the queue (not yet started)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
