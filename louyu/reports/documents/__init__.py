"""Report documents: each module turns the engine's facts into a list of blocks (louyu.reports.blocks)."""
