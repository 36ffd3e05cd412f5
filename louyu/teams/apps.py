from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "louyu.teams"
    label = "teams"
    verbose_name = "招商运营团队"
