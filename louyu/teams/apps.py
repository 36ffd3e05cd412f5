from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "louyu.teams"
    label = "teams"
    verbose_name = "招商运营团队"

    def ready(self):
        from louyu.intake.kinds import kind_register

        from .intake_kind import OperationTeamsKind

        kind_register(OperationTeamsKind())  # `louyu import operation_teams PATH` and its template

        from louyu.reports.sections import section_provide

        from . import report_sections as book

        section_provide("teams", book.teams_section, rows=book.team_rows)  # the blue book's chapter on teams
