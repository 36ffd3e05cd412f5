"""The demo data set: a reproducible, realistic Suzhou consistent with 附件1 (see docs/demo-data.md).

A plain package (no models). `louyu demo-data` and the lead's `louyu demo` call the two functions below.
"""


def demo_data_loaded() -> bool:
    from .loader import demo_data_loaded as loaded

    return loaded()


def generate_demo_data(*, seed: int = 2023, scale: float = 1.0, stdout=None, replace: bool = False,
                       as_of: str | None = None) -> dict:
    from .generator import generate_demo_data as generate

    return generate(seed=seed, scale=scale, stdout=stdout, replace=replace, as_of=as_of)
