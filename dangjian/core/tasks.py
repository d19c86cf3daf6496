"""Background tasks of the core (django.tasks; the database backend's worker runs them, tests run them at once)."""

from __future__ import annotations

from django.tasks import task


@task
def validate_import(job_id: int) -> None:
    """Read and check an uploaded file; the job then shows its preview or its error list."""
    from dangjian.core.io.jobs import run_validation

    run_validation(job_id)


@task
def run_import(job_id: int, actor_id: int) -> None:
    """Import a confirmed job all or nothing, as the account that confirmed it."""
    from dangjian.core.io.jobs import run_import as run

    run(job_id, actor_id)
