from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "louyu.accounts"
    label = "accounts"
    verbose_name = "账户"
