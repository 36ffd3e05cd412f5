from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "louyu.evaluation"
    label = "evaluation"
    verbose_name = "评价督查"
