from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "louyu.geo"
    label = "geo"
    verbose_name = "地区"

    def ready(self):
        from louyu.core.reference import reference_loader

        from .services import districts_load, streets_load

        reference_loader("地区", districts_load)
        reference_loader("街道/镇", streets_load)
