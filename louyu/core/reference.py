"""`louyu init`'s reference data step: every loader, in dependency order. Idempotent."""
from django.db import transaction


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    # Imported here: core must not import domain apps at module level (layers point one way).
    from louyu.enterprises.reference import featured_categories_load, industry_codes_load
    from louyu.geo.services import districts_load, streets_load
    from louyu.programme.services import annual_targets_load, key_tasks_load
    from louyu.servicepoints.reference import government_services_load

    return {
        "地区": districts_load(),
        "街道/镇": streets_load(),
        "国民经济行业分类": industry_codes_load(),
        "特色产业类别": featured_categories_load(),
        "年度目标（附件1）": annual_targets_load(),
        "重点任务（附件2）": key_tasks_load(),
        "政务服务事项": government_services_load(),
    }
