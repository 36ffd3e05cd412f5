from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "louyu.teams"
    label = "teams"
    verbose_name = "招商运营团队"

    def ready(self):
        from louyu.intake.kinds import kind_register

        from .intake_kind import OperationTeamsKind

        kind_register(OperationTeamsKind())  # `louyu import operation_teams PATH` and its template
