from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "louyu.enterprises"
    label = "enterprises"
    verbose_name = "企业与税收"
