from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "louyu.geo"
    label = "geo"
    verbose_name = "地区"
