"""A handful of registered addresses written the ambiguous ways real ones are, so the demo's 待复核 queue has
work in it: a building name with a wrong character (大夏 for 大厦, 中芯 for 中心), a name missing a character
under the city's name, a road without its number. The tenancies stay as generated (the matcher runs without
attributing), so the 附件1 figures do not move; only these enterprises' match evidence changes."""
from __future__ import annotations

import random

from louyu.enterprises.models import Enterprise, Tenancy, TenancyKind

HOW_MANY = 12
TYPOS = (("大厦", "大夏"), ("中心", "中芯"), ("广场", "广厂"), ("大楼", "大搂"))


def _typo(name: str) -> str | None:
    for right, wrong in TYPOS:
        if right in name:
            return name.replace(right, wrong, 1)
    return None


def ambiguous_addresses(building, rng: random.Random) -> list[str]:
    """The ambiguous ways to write `building` as a registered address, in a random order."""
    name, floor = building.name, rng.randint(2, 25)
    typo = _typo(name)
    street = building.address.split("号")[0] if "号" in building.address else ""
    road = street.rstrip("0123456789")
    number = street[len(road):]
    forms = [f"{building.district.name}{typo}{floor}层" if typo else "",
             f"苏州市{typo}{floor}层" if typo else "",
             f"苏州市{name[:2]}{name[3:]}{floor}层{floor}0{rng.randint(1, 9)}室" if len(name) > 3 else "",
             f"{building.district.name}{road}{name[:-2]}" if road and len(name) > 3 else "",
             f"{building.district.name}{road}{number[1]}{number[0]}{number[2:]}号{name}{floor}层"
             if len(number) > 1 and number[0] != number[1] else ""]
    forms = [f for f in forms if f]
    rng.shuffle(forms)
    return forms


def write_ambiguous_addresses(batch, seed: int) -> dict[str, int]:
    """Rewrite HOW_MANY current registered-and-present tenants' addresses (chosen by seed, in a stable order),
    each in a form the address matcher leaves 待复核 with the right building among its candidates."""
    from louyu.matching.selectors import register_index

    rng = random.Random(f"louyu-demo:{seed}:review")
    index = register_index()
    current = (Tenancy.objects.filter(source_batch_id=batch.pk, kind=TenancyKind.REGISTERED_PRESENT, move_out__isnull=True,
                                      building__status="operating")
               .select_related("enterprise", "building__district").order_by("enterprise_id"))
    pool = [t for t in current if t.building.name in t.enterprise.registered_address]
    rng.shuffle(pool)
    changed, buildings = [], set()
    for tenancy in pool:
        if len(changed) == HOW_MANY:
            break
        if tenancy.building_id in buildings:
            continue  # one per building: a queue of different cases
        for text in ambiguous_addresses(tenancy.building, rng):
            result = index.match(text, tenancy.enterprise.name)
            if result.status == "review" and any(c.code == tenancy.building.code for c in result.candidates):
                tenancy.enterprise.registered_address = text
                changed.append(tenancy.enterprise)
                buildings.add(tenancy.building_id)
                break
    Enterprise.objects.bulk_update(changed, ["registered_address"])
    return {"待复核地址（演示）": len(changed)}
