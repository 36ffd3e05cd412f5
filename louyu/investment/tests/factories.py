"""招商 factories live in the shared louyu.factories; re-exported for the tests here."""
from louyu.factories import DemandFactory, LeadFactory, VacantUnitFactory  # noqa: F401
