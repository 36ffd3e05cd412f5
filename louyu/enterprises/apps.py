from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "louyu.enterprises"
    label = "enterprises"
    verbose_name = "企业与税收"

    def ready(self):
        from louyu.core.reference import reference_loader

        from .reference import featured_categories_load, industry_codes_load

        reference_loader("国民经济行业分类", industry_codes_load)
        reference_loader("特色产业类别", featured_categories_load)
